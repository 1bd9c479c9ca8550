import { walkLayout } from "@carter/kit";
import { findBroadcastSync, type BroadcastSync, type LayoutNode } from "./bindings.js";
import type { JsonObject } from "@carter/protocol";
import { receiptOf, type Receipt } from "./receipts.js";

/** A control the hub can drive, with the binding a pushed frame is read through. */
export interface DrivenBinding {
  id: string;
  sync: BroadcastSync;
  /** How the control's receiver takes what the binding delivers. */
  receipt: Receipt;
}

/**
 * Every id-bearing node of a layout, plus the broadcast bindings grouped by the `msg_type` their
 * filter requires, so recording a pushed frame only looks at the controls that can read it.
 */
export class LayoutIndex {
  private readonly nodes = new Map<string, LayoutNode>();
  private readonly bindingsByMsgType = new Map<string, DrivenBinding[]>();
  private bindingsWithoutMsgType: DrivenBinding[] = [];
  /** Ids that came from server-driven content (fills, injected tabs) rather than the layout. */
  private readonly dynamicIds = new Set<string>();

  /** Adds every node of `layout` reached through all nesting points; later duplicates are ignored. */
  addLayout(layout: unknown): void {
    walkLayout(layout, (node) => {
      if (typeof node.id === "string" && node.id.length > 0 && !this.nodes.has(node.id))
        this.add(node as LayoutNode);
    });
  }

  /**
   * Indexes server-driven children (replacing earlier server-driven nodes with the same id, never
   * the layout's own) so they can be driven like layout controls. Returns the ids now indexed.
   */
  addDynamic(children: unknown[]): string[] {
    const ids: string[] = [];
    walkLayout({ tabs: [{ children }] }, (node) => {
      if (typeof node.id !== "string" || node.id.length === 0) return;
      if (this.nodes.has(node.id)) {
        if (!this.dynamicIds.has(node.id)) return;
        this.remove(node.id);
      }
      this.add(node as LayoutNode);
      this.dynamicIds.add(node.id);
      ids.push(node.id);
    });
    return ids;
  }

  /** Forgets a server-driven node that its group or tab no longer holds. */
  removeDynamic(id: string): void {
    if (this.dynamicIds.delete(id)) this.remove(id);
  }

  private remove(id: string): void {
    const node = this.nodes.get(id);
    if (!node) return;
    this.nodes.delete(id);
    const msgType = findBroadcastSync(node)?.filter.msg_type;
    const list = typeof msgType === "string" ? this.bindingsByMsgType.get(msgType) : undefined;
    if (list)
      this.bindingsByMsgType.set(
        msgType as string,
        list.filter((binding) => binding.id !== id),
      );
    else this.bindingsWithoutMsgType = this.bindingsWithoutMsgType.filter((binding) => binding.id !== id);
  }

  private add(node: LayoutNode): void {
    this.nodes.set(node.id, node);
    const sync = findBroadcastSync(node);
    if (!sync) return;
    const binding = { id: node.id, sync, receipt: receiptOf(node) };
    const msgType = sync.filter.msg_type;
    if (typeof msgType === "string") {
      const list = this.bindingsByMsgType.get(msgType);
      if (list) list.push(binding);
      else this.bindingsByMsgType.set(msgType, [binding]);
    } else {
      this.bindingsWithoutMsgType.push(binding);
    }
  }

  get(id: string): LayoutNode | undefined {
    return this.nodes.get(id);
  }

  /** The bindings that might read `payload`: those filtering on its `msg_type` and those without one. */
  candidates(payload: JsonObject): DrivenBinding[] {
    const msgType = payload.msg_type;
    const byType = typeof msgType === "string" ? this.bindingsByMsgType.get(msgType) : undefined;
    if (!byType) return this.bindingsWithoutMsgType;
    return this.bindingsWithoutMsgType.length === 0 ? byType : [...byType, ...this.bindingsWithoutMsgType];
  }
}
