import type { ComponentChildren, VNode } from 'preact';

/**
 * Appends elements to the form element of a page the forms engine rendered (a draft's "Speichern
 * und später fortsetzen" button, the preview's hidden answers): the engine's page stays the one
 * markup every caller shows.
 */
export function appendToForm(page: VNode, ...added: ComponentChildren[]): VNode {
  const visit = (node: unknown): boolean => {
    if (!node || typeof node !== 'object') return false;
    if (Array.isArray(node)) return node.some(visit);
    const vnode = node as VNode<{ children?: unknown }>;
    if (vnode.type === 'form') {
      const children = vnode.props.children;
      vnode.props.children = [...(Array.isArray(children) ? children : [children]), ...added];
      return true;
    }
    return visit(vnode.props?.children);
  };
  visit(page);
  return page;
}
