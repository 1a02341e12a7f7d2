import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderEventCatalogue } from '@lmp/contracts';

writeFileSync(path.join(__dirname, '..', 'docs', 'events.md'), renderEventCatalogue());
