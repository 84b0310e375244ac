// What tasks stats can group by.
export const DIMENSIONS = ['assignee', 'type', 'priority', 'status', 'template'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
