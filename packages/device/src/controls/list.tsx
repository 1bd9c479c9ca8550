import { cellText, listColumns } from "./columns.js";
import { parseDocument } from "./document.js";
import { rootProps } from "./fields.js";
import type { ControlProps } from "./types.js";

/** Rows of objects in a table; `listColumns` pick cells by flat key or dot path. */
export function List({ def, ctx }: ControlProps) {
  const raw = parseDocument(ctx.value.value ?? def.defaultValue);
  const rows = Array.isArray(raw) ? raw : [];
  const columns = listColumns(def.listColumns, rows);
  return (
    <div {...rootProps(def, ctx)}>
      {rows.length === 0 ? (
        <div class="cc-placeholder">No rows</div>
      ) : (
        <div class="cc-table-scroll">
          <table class="cc-table">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.key}>{column.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  {columns.map((column) => (
                    <td key={column.key}>{cellText(row, column)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
