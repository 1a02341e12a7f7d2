export { aCompany, aLicence } from '@lmp/testing';
