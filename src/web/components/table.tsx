import type { ComponentChildren } from 'preact';

/**
 * A KERN table with a caption (read by screen readers, hidden on screen) and column headers.
 * A column may be markup, e.g. a header that only screen readers need.
 */
export function Table({ caption, columns, children }: { caption: string; columns: ComponentChildren[]; children: ComponentChildren }) {
  return (
    <div class="kern-table-responsive">
      <table class="kern-table">
        <caption class="kern-sr-only">{caption}</caption>
        <thead class="kern-table__header">
          <tr class="kern-table__row">
            {columns.map((column, index) => (
              <th key={index} class="kern-table__header" scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="kern-table__body">{children}</tbody>
      </table>
    </div>
  );
}

export function Cell({ children }: { children: ComponentChildren }) {
  return <td class="kern-table__cell">{children}</td>;
}
