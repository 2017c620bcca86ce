// Maxim's log ingest takes commit logs: one line per change to an entity, written as its SDKs
// serialize them (maxim-js `CommitLog.serialize`, maxim-go `newCommitLog`):
//   trace{id=<id>,action=create,data={"name":"…","tags":{},"startTimestamp":"…"}}
// `data` is JSON, which never holds a raw newline, so lines join with "\n" into one request body.

export interface CommitLog {
  entity: 'trace' | 'generation';
  id: string;
  action: 'create' | 'update' | 'add-generation' | 'result' | 'end';
  data: Record<string, unknown>;
}

export const serializeCommitLog = ({ entity, id, action, data }: CommitLog): string => `${entity}{id=${id},action=${action},data=${JSON.stringify(data)}}`;

/** The ids Maxim takes: letters, digits, `-` and `_` (its SDKs drop a line with any other). */
export const isMaximId = (id: string): boolean => /^[a-zA-Z0-9_-]+$/.test(id);
