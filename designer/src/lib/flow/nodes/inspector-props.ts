/** What every step inspector gets: the step's data (maybe unfinished), and how to change it. */
export interface InspectorProps<Data = Record<string, unknown>> {
  type: string;
  /** The step's data merged over its type's defaults, so fields always have a value to show. */
  data: Data;
  disabled: boolean;
  /** The flow's time zone (the live count of a segment uses it for "days overdue"). */
  timezone: string;
  /** Replaces the data; `field` groups quick edits of one field into one undo step. */
  onchange: (data: Data, field?: string) => void;
}
