import { useState } from "preact/hooks";
import { cssColor } from "./color.js";
import { isRecord, parseDocument } from "./document.js";
import { rootProps } from "./fields.js";
import { Icon } from "./icons.js";
import type { ControlProps } from "./types.js";

interface Card {
  id: string;
  title: string;
  detail: string;
  category: string;
  icon?: string;
  color?: string;
}

const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

/** Cards from graph-style `{nodes}` (a bare array is accepted too). */
export function readCards(value: unknown): Card[] {
  const doc = parseDocument(value);
  const nodes = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.nodes) ? doc.nodes : [];
  return nodes.filter(isRecord).map((node, i) => ({
    id: text(node.id) || String(i),
    title: text(node.label) || text(node.title) || text(node.name) || text(node.id) || `Item ${i + 1}`,
    detail: text(node.description) || text(node.subtitle) || text(node.detail) || text(node.summary),
    category: text(node.category) || text(node.group) || "Other",
    icon: text(node.icon) || undefined,
    color: text(node.color) || undefined,
  }));
}

/** Searchable cards grouped by category. */
export function CardList({ def, ctx }: ControlProps) {
  const [query, setQuery] = useState("");
  const cards = readCards(ctx.value.value ?? def.defaultValue);
  const needle = query.trim().toLowerCase();
  const visible = needle
    ? cards.filter((card) => `${card.title} ${card.detail} ${card.category}`.toLowerCase().includes(needle))
    : cards;
  const groups = new Map<string, Card[]>();
  for (const card of visible) groups.set(card.category, [...(groups.get(card.category) ?? []), card]);
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
                <article
                  key={card.id}
                  class="cc-card-item"
                  style={{ "--card-tint": cssColor(card.color, "var(--cc-tint)") }}
                >
                  {card.icon ? <Icon name={card.icon} class="cc-card-icon" /> : null}
                  <div>
                    <div class="cc-card-title">{card.title}</div>
                    {card.detail ? <div class="cc-card-detail">{card.detail}</div> : null}
                  </div>
                </article>
              ))}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
