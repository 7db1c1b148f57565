/** Where the records come from: a DynamoDB stream or a Kinesis data stream. */
export type Source = 'dynamodb' | 'kinesis';
