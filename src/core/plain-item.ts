import { unmarshall } from '@aws-sdk/util-dynamodb';

/** DynamoDB JSON as plain JSON: numbers stay strings when a JS number cannot hold them. */
export function plainItem(item: unknown): unknown {
  if (item === null || typeof item !== 'object') return item;
  try {
    const plain = unmarshall(item as never, { wrapNumbers: true });
    return JSON.parse(JSON.stringify(plain, (_k, v: unknown) => {
      if (v instanceof Set) return [...v];
      if (v && typeof v === 'object' && 'value' in v && Object.keys(v).length === 1) {
        const n = Number((v as { value: string }).value);
        return Number.isSafeInteger(n) || String(n) === (v as { value: string }).value ? n : (v as { value: string }).value;
      }
      if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
      return v;
    }));
  } catch {
    return item;
  }
}
