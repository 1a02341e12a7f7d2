import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Renders a component to HTML and parses nothing: tests read the markup with small helpers. */
export const html = (vnode: VNode) => renderToString(vnode);

/** Every opening tag with `class` containing the class name. */
export function tagsWithClass(markup: string, className: string): string[] {
  const tags = markup.match(/<[a-z][a-z0-9]*\b[^>]*>/gi) ?? [];
  return tags.filter((tag) => {
    const classes = /\sclass="([^"]*)"/.exec(tag)?.[1]?.split(/\s+/) ?? [];
    return classes.includes(className);
  });
}

/** The text of the elements with an attribute, in order (attribute=value, e.g. data-figure="total"). */
export function textOf(markup: string, attribute: string): string[] {
  const re = new RegExp(`<([a-z]+)[^>]*\\s${attribute}[^>]*>([\\s\\S]*?)</\\1>`, 'gi');
  return [...markup.matchAll(re)].map((m) => m[2]!.replace(/<[^>]+>/g, '').trim());
}
