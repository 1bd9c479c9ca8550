import type { Layout } from "@carter/kit";

/** A layout with a group, a control with a popup (a group inside), a container with panels and a popup without an id. */
export const NESTED = {
  name: "Nested",
  version: 1,
  tabs: [
    {
      title: "Main",
      icon: "house",
      grid: { columns: 4, rows: 4 },
      children: [
        {
          id: "net",
          label: "Network",
          position: [0, 0],
          span: [2, 2],
          grid: { columns: 2, rows: 2 },
          children: [{ type: "label", id: "wifi", position: [0, 0], text: "Wi-Fi" }],
        },
        {
          type: "toggle",
          id: "lamp",
          position: [0, 2],
          longPressGroup: {
            id: "lamp-more",
            grid: { columns: 2, rows: 2 },
            children: [
              { type: "button", id: "dim", position: [0, 0] },
              {
                id: "scenes",
                position: [1, 0],
                span: [1, 2],
                grid: { columns: 2, rows: 1 },
                children: [{ type: "button", id: "scene-a", position: [0, 0] }],
              },
            ],
          },
        },
        {
          type: "accordion",
          id: "rooms",
          position: [2, 0],
          span: [2, 2],
          panels: [
            {
              id: "kitchen",
              label: "Kitchen",
              grid: { columns: 2, rows: 1 },
              children: [{ type: "label", id: "k-text", position: [0, 0], text: "K" }],
            },
            { id: "den", label: "Den", grid: { columns: 1, rows: 1 }, children: [] },
          ],
        },
        {
          type: "button",
          id: "fan",
          position: [0, 3],
          longPressGroup: { grid: { columns: 1, rows: 1 }, children: [] },
        },
      ],
    },
    { title: "Other", icon: "gear", grid: { columns: 4, rows: 4 }, children: [] },
  ],
} as unknown as Layout;
