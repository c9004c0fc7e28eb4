/**
 * The page's only way to make markup: elements built with DOM APIs, every piece of data set as
 * text (a text node or textContent). Nothing here, or anywhere in the client, assigns innerHTML.
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  /** Attributes set with setAttribute; never `style` or an event handler attribute. */
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.id) node.id = props.id;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (name === 'style' || name.startsWith('on')) throw new Error(`el(): attribute ${name} is not allowed`);
    node.setAttribute(name, value);
  }
  for (const [type, handler] of Object.entries(props.on ?? {})) node.addEventListener(type, handler as EventListener);
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces every child of `parent` (textContent = '' removes them without parsing anything). */
export function replace(parent: Node, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, ...children);
}

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from the page`);
  return node as T;
}

/** A value as the page shows it: strings as they are, everything else as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '(absent)';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** A short status line: `kind` is ok | error | info. */
export function notice(target: HTMLElement, kind: 'ok' | 'error' | 'info', message: string): void {
  target.className = `notice ${kind}`;
  target.textContent = message;
}
