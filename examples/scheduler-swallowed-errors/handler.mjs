import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';

const scheduler = new SchedulerClient({});

/**
 * Schedules a payment reminder a day after each order change. The bug: a CreateSchedule that
 * fails (throttled, a 5xx past the SDK's retries, a reset connection) is logged and skipped, and
 * the batch is reported as a success: the reminder is lost for good.
 */
export const handler = async (event) => {
  for (const record of event.Records) {
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
    }
  }
  return { batchItemFailures: [] };
};
