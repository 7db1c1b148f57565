export {
  ATTRIBUTE_TYPES,
  MAX_NESTING_DEPTH,
  attributeName,
  attributeValue,
  dynamoBinary,
  dynamoString,
  isNativeMap,
  nestedChain,
  nestingDepth,
  type AttributeType,
  type AttributeValueOptions,
  type Item,
  type NativeMap,
  type NativeValue,
} from './attribute-value.js';
export { NumberValue, dynamoNumber, integer38, plainNumber, preciseNumber } from './number.js';
export { canonicalNumber, isValidDynamoDBNumber, parseDecimal, formatDecimal, type Decimal } from './decimal.js';
export { canonicalAttribute, canonicalItem, canonicalStreamImage, canonicalValue, itemsEqual, valuesEqual } from './item-equality.js';
export { marshalImage, marshalValue, MARSHALL_OPTIONS, type StreamImage } from './stream-image.js';
export {
  MAX_ITEM_BYTES,
  attributeSizeBytes,
  imageSizeBytes,
  itemSizeBytes,
  numberSizeBytes,
  valueSizeBytes,
} from './item-size.js';
export {
  canonicalKey,
  canonicalPartitionKey,
  keyArb,
  keyAttributes,
  keyOf,
  keySchema,
  keySchemaArb,
  keyValue,
  type KeyAttribute,
  type KeyAttributeType,
  type KeySchema,
} from './key-schema.js';
export {
  DEFAULT_MAX_ITEM_BYTES,
  attributeUpdates,
  fitItem,
  itemArb,
  nonKeyAttributes,
  removableNames,
  type ItemOptions,
} from './item.js';
export { compareSequenceNumbers } from '../src/model/sequence-number.js';
export {
  kinesisSequenceNumbers,
  kinesisSequenceStyle,
  renderSequence,
  sequenceNumbers,
  sequenceStyle,
  type SequenceOptions,
  type SequenceStyle,
} from './sequence-style.js';
export {
  applyHistory,
  applyWrite,
  keyPool,
  writeHistory,
  type AppliedHistory,
  type Change,
  type EventName,
  type Write,
  type WriteHistoryOptions,
} from './write-history.js';
export {
  STREAM_VIEW_TYPES,
  TTL_USER_IDENTITY,
  hasNewImage,
  hasOldImage,
  toDynamoDBRecord,
  type DynamoDBRecordContext,
  type RecordedChange,
  type StreamViewType,
} from './dynamodb-record.js';
export { HASH_KEY_SPACE, type SplitPlan } from './shard-topology.js';
export { dynamodbStream, type DynamoDBStream, type DynamoDBStreamOptions, type RecordLocation } from './shards.js';
export { kinesisStream, type JsonObject, type KinesisStream, type KinesisStreamOptions } from './kinesis-record.js';
export { eventIdFor, hashKey, streamLabel } from './ids.js';
export { callFault, faultSchedule, invocationFault, type FaultScheduleOptions } from './fault-schedule.js';
export { producerRetries, withProducerRetries, type ProducerRetry } from './producer-retry.js';
export { attributeSpecValues, versionNames, type AttributeSpec } from './attribute-spec.js';
