// DOM helpers shared by the widget and the adviser console. Every piece of text goes in through
// textContent, never innerHTML: replies, transcripts and notes come from the public. A leaf
// module: it imports nothing.

const SVG = 'http://www.w3.org/2000/svg';

/**
 * An element with attributes and children. `text` sets textContent and `className` the class;
 * `true` makes an empty attribute and null, undefined or false leave it out. String children
 * become text nodes.
 */
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name === 'className') node.className = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children || []) {
    if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** A decorative 24 by 24 SVG icon drawn from one path, hidden from assistive technology. */
export function svgIcon(className, path) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', className);
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const shape = document.createElementNS(SVG, 'path');
  shape.setAttribute('d', path);
  svg.appendChild(shape);
  return svg;
}

export function prefersReducedMotion() {
  return Boolean(
    window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches
  );
}
