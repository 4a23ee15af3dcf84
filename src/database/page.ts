// One page of a desk list and the size of the whole list.
export interface Page<T> {
  total: number;
  rows: T[];
}
