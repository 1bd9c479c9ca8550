import { useState } from "preact/hooks";
import { cssColor } from "./color.js";
import { ContentSheet, useContentSheet } from "./content-sheet.js";
import { isRecord, parseDocument } from "./document.js";
import { rootProps, str } from "./fields.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

export interface Card {
  /** The node's id as sent (a number stays a number); the index when it has none. */
  id: string | number;
  title: string;
  detail: string;
  category: string;
  icon?: string;
  color?: string;
  onTap?: Record<string, unknown>;
}

const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** Cards from graph-style `{nodes}` (a bare array is accepted too). */
export function readCards(value: unknown): Card[] {
  const doc = parseDocument(value);
  const nodes = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.nodes) ? doc.nodes : [];
  return nodes.filter(isRecord).map((node, i) => ({
    id: typeof node.id === "number" || (typeof node.id === "string" && node.id !== "") ? node.id : i,
    title: text(node.label) || text(node.title) || text(node.name) || text(node.id) || `Item ${i + 1}`,
    detail: text(node.description) || text(node.subtitle) || text(node.detail) || text(node.summary),
    category: text(node.category) || text(node.group) || "Other",
    icon: text(node.icon) || undefined,
    color: text(node.color) || undefined,
    onTap: isRecord(node.onTap) ? node.onTap : undefined,
  }));
}

/** A card's documentation page when no content request supplies one: its category and summary. */
export function cardDoc(card: Card): string {
  const escape = (s: string) => s.replace(/([\\`*_[\]#>|])/g, "\\$1");
  return [`*${escape(card.category)}*`, card.detail ? escape(card.detail) : ""].filter(Boolean).join("\n\n");
}

/**
 * Searchable cards grouped by category. A tap opens the card's documentation sheet (its node's
 * `onTap` content reply, else its summary) and fires the control's `action` with
 * `{{value}}` = the node id (native type), `{{label}}` and `{{category}}`; a node `onTap` action
 * fires instead, as on `graph`.
 */
export function CardList({ def, ctx }: ControlProps) {
  const [query, setQuery] = useState("");
  const sheet = useContentSheet();
  const cards = readCards(ctx.value.value ?? def.defaultValue);
  const needle = query.trim().toLowerCase();
  const visible = needle
    ? cards.filter((card) => `${card.title} ${card.detail} ${card.category}`.toLowerCase().includes(needle))
    : cards;
  const groups = new Map<string, Card[]>();
  for (const card of visible) groups.set(card.category, [...(groups.get(card.category) ?? []), card]);
  const open = (card: Card) => {
    const onTap = card.onTap;
    if (onTap?.type === "content" && str(onTap.event))
      sheet.load(card.title, ctx.request(str(onTap.event), onTap.payload ?? { id: card.id }));
    else sheet.show(card.title, cardDoc(card));
    const tokens = { value: card.id, label: card.title, category: card.category };
    if (onTap?.type === "action" && ctx.fireAction) {
      const { type: _type, ...action } = onTap;
      ctx.fireAction(action, tokens).catch(() => undefined);
    } else ctx.fire("action", tokens).catch(() => undefined);
  };
  return (
    <div {...rootProps(def, ctx)}>
      <label class="cc-search">
        <Icon name="magnifyingglass" />
        <input
          type="search"
          placeholder="Search"
          value={query}
          aria-label="Search cards"
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
      </label>
      <div class="cc-cards-scroll">
        {cards.length === 0 ? <div class="cc-placeholder">No cards</div> : null}
        {cards.length > 0 && visible.length === 0 ? <div class="cc-placeholder">No matches</div> : null}
        {[...groups.entries()].map(([category, members]) => (
          <section key={category} class="cc-card-group">
            <h4 class="cc-card-group-title">{category}</h4>
            <div class="cc-card-grid">
              {members.map((card) => (
                <button
                  type="button"
                  key={card.id}
                  class="cc-card-item"
                  data-card={String(card.id)}
                  style={{ "--card-tint": cssColor(card.color, "var(--cc-tint)") }}
                  onClick={() => open(card)}
                >
                  {card.icon ? <Icon name={card.icon} class="cc-card-icon" /> : null}
                  <div>
                    <div class="cc-card-title">{card.title}</div>
                    {card.detail ? <div class="cc-card-detail">{card.detail}</div> : null}
                  </div>
                </button>
              ))}
            </div>
          </section>
        ))}
      </div>
      {sheet.sheet ? <ContentSheet sheet={sheet.sheet} onClose={sheet.close} /> : null}
    </div>
  );
}
