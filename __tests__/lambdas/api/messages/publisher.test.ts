import { PublishCommand } from '@aws-sdk/client-sns';
import { MemoryMessagePublisher, SnsMessagePublisher, type SnsSender } from '../../../../lambdas/api/messages/publisher';
import { MESSAGE_TYPE, type PublishedMessage } from '../../../../lambdas/shared/message';

const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:sfu-dev-messages';
const message: PublishedMessage = { version: 1, subject: 'Hi', text: 'Hello', sentBy: 'sub-1', sentAt: '2030-01-01T00:00:00.000Z', requestId: 'req-1' };

describe('SnsMessagePublisher', () => {
  it('sends one PublishCommand to the topic with the JSON message and a type attribute, and returns the MessageId', async () => {
    const send = jest.fn().mockResolvedValue({ MessageId: 'sns-123' });
    const id = await new SnsMessagePublisher({ send } as unknown as SnsSender, TOPIC).publish(message);
    expect(id).toBe('sns-123');
    expect(send).toHaveBeenCalledTimes(1);
    const command = send.mock.calls[0][0];
    expect(command).toBeInstanceOf(PublishCommand);
    expect(command.input).toEqual({
      TopicArn: TOPIC,
      Message: JSON.stringify(message),
      MessageAttributes: { type: { DataType: 'String', StringValue: MESSAGE_TYPE } },
    });
    expect(command.input.Subject).toBeUndefined();
  });

  it('fails when SNS returns no MessageId', async () => {
    const send = jest.fn().mockResolvedValue({});
    await expect(new SnsMessagePublisher({ send } as unknown as SnsSender, TOPIC).publish(message)).rejects.toThrow('no MessageId');
  });

  it('lets SNS errors through', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AuthorizationErrorException' });
    const send = jest.fn().mockRejectedValue(denied);
    await expect(new SnsMessagePublisher({ send } as unknown as SnsSender, TOPIC).publish(message)).rejects.toBe(denied);
  });
});

describe('MemoryMessagePublisher', () => {
  it('keeps messages in order with distinct ids', async () => {
    const p = new MemoryMessagePublisher();
    expect(await p.publish(message)).toBe('memory-1');
    expect(await p.publish({ ...message, text: 'two' })).toBe('memory-2');
    expect(p.published.map((m) => m.message.text)).toEqual(['Hello', 'two']);
  });
});
