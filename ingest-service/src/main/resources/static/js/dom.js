// Small helpers to build the page's elements without ever writing HTML from data (no injection).

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

/** Replaces an element's children, leaving out the absent ones (null, undefined, false). */
export function show(parent, ...children) {
  parent.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

const integer = new Intl.NumberFormat('en');

export function count(n) {
  return integer.format(n || 0);
}

export function bytes(n) {
  if (n < 1024) return n + ' bytes';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KB';
  return (n / (1024 * 1024)).toFixed(1) + ' MB';
}

export function when(instant, dateStyle = 'medium') {
  return instant ? new Date(instant).toLocaleString(undefined, { dateStyle, timeStyle: 'short' }) : '';
}

/**
 * A table in a scrollable, keyboard-focusable region (narrow windows scroll it sideways).
 * columns: [{ title, value: (row) => string|Node }]
 */
export function table({ id, caption, columns, rows }) {
  const head = el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, c.title)));
  const body = rows.map((r) => el('tr', {}, columns.map((c) => el('td', {}, c.value(r) ?? ''))));
  const captionId = id + '-caption';
  return el('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
    el('table', { id },
      el('caption', { id: captionId }, caption),
      el('thead', {}, head),
      el('tbody', {}, body)));
}

/**
 * Previous / next buttons for a paged list. total: items in all; onPage(page) loads a page.
 */
export function pager({ id, page, size, total, onPage }) {
  const pages = Math.max(1, Math.ceil(total / size));
  if (pages <= 1) return null;
  return el('nav', { class: 'pager', 'aria-label': 'Pages of ' + id.replace(/-/g, ' ') },
    el('button', { type: 'button', class: 'button secondary', id: id + '-prev', disabled: page <= 0,
      onclick: () => onPage(page - 1) }, 'Previous'),
    el('span', { id: id + '-page' }, 'Page ' + (page + 1) + ' of ' + pages),
    el('button', { type: 'button', class: 'button secondary', id: id + '-next', disabled: page >= pages - 1,
      onclick: () => onPage(page + 1) }, 'Next'));
}
