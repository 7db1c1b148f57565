import type { DynamoDBRecord, StreamRecord } from 'aws-lambda';
import type { EventName } from './table.js';
import type { Item } from './attribute-value.js';
import { imageSizeBytes } from './item-size.js';
import { marshalImage } from './stream-image.js';

export type StreamViewType = NonNullable<StreamRecord['StreamViewType']>;

export const STREAM_VIEW_TYPES: readonly StreamViewType[] = ['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'];

/** The identity DynamoDB puts on REMOVE records written by TTL expiry. */
export const TTL_USER_IDENTITY = { type: 'Service', principalId: 'dynamodb.amazonaws.com' } as const;

/** What `toDynamoDBRecord` needs from a change (a `Change` fits). */
export interface RecordedChange {
  eventName: EventName;
  keys: Item;
  oldItem?: Item;
  newItem?: Item;
  ttl: boolean;
}

export interface DynamoDBRecordContext {
  viewType: StreamViewType;
  sequenceNumber: string;
  /** Epoch seconds; rounded down to a whole second as DynamoDB does. */
  approximateCreationDateTime: number;
  region: string;
  streamArn: string;
  /** 32 lowercase hex characters. */
  eventID: string;
}

export function hasNewImage(viewType: StreamViewType, eventName: EventName): boolean {
  return (viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES') && eventName !== 'REMOVE';
}

export function hasOldImage(viewType: StreamViewType, eventName: EventName): boolean {
  return (viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES') && eventName !== 'INSERT';
}

function image(item: Item | undefined, included: boolean, eventName: EventName, which: string): Item | undefined {
  if (!included) return undefined;
  if (item === undefined) throw new Error(`${eventName} change without ${which}`);
  return item;
}

/**
 * The record Lambda delivers for a change. SizeBytes is the DynamoDB size of Keys plus the
 * images the record carries (AWS does not document its exact formula).
 */
export function toDynamoDBRecord(change: RecordedChange, context: DynamoDBRecordContext): DynamoDBRecord {
  const { eventName } = change;
  const keys = marshalImage(change.keys);
  const newItem = image(change.newItem, hasNewImage(context.viewType, eventName), eventName, 'newItem');
  const oldItem = image(change.oldItem, hasOldImage(context.viewType, eventName), eventName, 'oldItem');
  const newImage = newItem === undefined ? undefined : marshalImage(newItem);
  const oldImage = oldItem === undefined ? undefined : marshalImage(oldItem);
  const sizeBytes = [keys, newImage, oldImage].reduce((total, part) => total + (part ? imageSizeBytes(part) : 0), 0);
  return {
    eventID: context.eventID,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: context.region,
    eventSourceARN: context.streamArn,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(context.approximateCreationDateTime),
      Keys: keys,
      ...(newImage && { NewImage: newImage }),
      ...(oldImage && { OldImage: oldImage }),
      SequenceNumber: context.sequenceNumber,
      SizeBytes: Math.max(1, sizeBytes),
      StreamViewType: context.viewType,
    },
    ...(change.ttl && { userIdentity: { ...TTL_USER_IDENTITY } }),
  };
}
