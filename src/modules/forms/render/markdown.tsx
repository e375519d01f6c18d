import type { ComponentChildren } from 'preact';

/**
 * Markdown-lite for help content: paragraphs (blank line), lists (`- ` lines), `**bold**` and
 * `[text](https://…)` links. Built as Preact nodes, so nothing is ever injected as HTML.
 */
const inline = /\*\*(.+?)\*\*|\[([^\]]+)\]\((https:\/\/[^)\s]+|\/[^)\s]*)\)/g;

function renderInline(text: string): ComponentChildren[] {
  const nodes: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(inline)) {
    nodes.push(text.slice(last, match.index));
    if (match[1] !== undefined) nodes.push(<strong>{match[1]}</strong>);
    else
      nodes.push(
        <a class="kern-link" href={match[3]}>
          {match[2]}
        </a>,
      );
    last = match.index + match[0].length;
  }
  nodes.push(text.slice(last));
  return nodes;
}

export function MarkdownLite({ text }: { text: string }) {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean);
  return (
    <>
      {blocks.map((block) => {
        const lines = block.split('\n');
        if (lines.every((line) => line.trimStart().startsWith('- '))) {
          return (
            <ul class="kern-list">
              {lines.map((line) => (
                <li>{renderInline(line.trimStart().slice(2))}</li>
              ))}
            </ul>
          );
        }
        return <p class="kern-body">{renderInline(lines.join(' '))}</p>;
      })}
    </>
  );
}
