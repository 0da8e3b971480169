/**
 * Kafka's message definitions, as its own JSON files declare them (clients jar,
 * `common/message/*.json`): `messages.ts` holds the ones this client speaks, generated from them.
 */
export interface FieldSpec {
  name: string;
  /** bool, int8, int16, uint16, int32, uint32, int64, float64, string, bytes, records, uuid, a struct name, or `[]` + one of them. */
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  /** Overrides the message's flexible versions for this field (only the request header's client id does). */
  flexibleVersions?: string;
  default?: string | number | boolean;
  fields?: FieldSpec[];
}

export interface StructSpec {
  name: string;
  versions: string;
  fields: FieldSpec[];
}

export interface MessageSpec {
  name: string;
  type: 'request' | 'response' | 'header' | 'data';
  apiKey?: number;
  validVersions: string;
  flexibleVersions: string;
  fields: FieldSpec[];
  commonStructs?: StructSpec[];
}
