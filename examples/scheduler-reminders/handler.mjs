import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';

const scheduler = new SchedulerClient({});

/**
 * Schedules a payment reminder a day after each order change, one schedule per record (named after
 * the order and the record's sequence number, so a redelivered record asks for the same schedule).
 * Records are handled in order; the first that fails and every record after it are reported (and
 * when the very first record fails, the invocation fails, so that Lambda bisects the batch).
 */
export const handler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    const orderId = record.dynamodb.Keys.orderId.S;
    const at = new Date((record.dynamodb.ApproximateCreationDateTime + 86_400) * 1000).toISOString().slice(0, 19);
    try {
      await scheduler.send(new CreateScheduleCommand({
        Name: `order-${orderId}-${record.dynamodb.SequenceNumber}`,
        ScheduleExpression: `at(${at})`,
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: 'arn:aws:lambda:us-east-1:123456789012:function:payment-reminder',
          RoleArn: 'arn:aws:iam::123456789012:role/scheduler-invoke',
          Input: JSON.stringify({ orderId, change: record.eventName }),
        },
      }));
    } catch (error) {
      console.error(`reminder for order ${orderId} not scheduled`, error);
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
};
