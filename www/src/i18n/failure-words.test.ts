// The binding's failures reach a person as sentences of the catalogs, never as the binding's
// English: each code and its values (web/src/failure.rs) phrased in the chosen language.

import { afterEach, describe, expect, it } from 'vitest';
import { errorText } from '../ui/notice.js';
import { failureError, failureWords } from './failure-words.js';
import { setLanguage } from './index.js';

afterEach(() => setLanguage('en'));

/** An Error as the binding throws it: English message, code, values. */
function thrown(code: string, values: object, message = 'the binding’s English'): Error {
  return Object.assign(new Error(message), { code, values });
}

describe('failures in words', () => {
  it('phrases a config error with the field as the controls name it and the value given', async () => {
    const e = thrown('durationOutOfRange', { field: 'heartbeatMs', minMs: 0.001, maxMs: 60000, got: 0 });
    expect(errorText(e)).toBe('the heartbeat interval must be from 0.001 to 60000 ms, got 0');
    await setLanguage('zh-CN');
    expect(errorText(e)).toBe('心跳间隔必须在 0.001 到 60000 毫秒之间，收到的是 0');
    expect(errorText(thrown('notANumber', { field: 'nodes', got: { type: 'string', value: 'five' } }))).toBe('节点数必须是数字，收到的是 “five”');
  });

  it('phrases link errors, grouping the damaged ones', async () => {
    expect(errorText(thrown('linkTruncated', {}))).toBe('the link is damaged or cut short');
    expect(errorText(thrown('linkNotCanonical', {}))).toBe('the link is damaged or cut short');
    await setLanguage('zh-CN');
    expect(errorText(thrown('linkNewerVersion', { version: 'r9', ours: 'r2' }))).toBe('这个链接由新版演练场生成（格式 r9）；当前版本读取 r2');
  });

  it('names servers as the page does and nests a replay’s reason (§5.2: a leader already runs)', async () => {
    expect(failureWords({ code: 'notLeader', values: { node: 1, leader: 0 } })).toBe('S2 is not the leader; it knows S1');
    expect(failureWords({ code: 'notLeader', values: { node: 1, leader: undefined } })).toBe('S2 is not the leader and knows no leader');
    const replay = { code: 'replayAction', values: { number: 3, why: { code: 'nodeUp', values: { node: 1 } } } } as const;
    expect(failureWords(replay)).toBe('the run cannot be replayed: action 3: S2 is already running');
    await setLanguage('zh-CN');
    expect(failureWords(replay)).toBe('无法重放这次运行：第 3 个操作：S2 已经在运行');
  });

  it('phrases the run-file reader’s errors, and keeps the message of an Error without a code', async () => {
    const e = failureError({ code: 'runFileLinkTooLong', values: { length: 9000, max: 8000 } }, 'English for developers');
    expect(e.message).toBe('English for developers');
    expect(e.code).toBe('runFileLinkTooLong');
    await setLanguage('zh-CN');
    expect(errorText(e)).toBe('该运行文件中的链接太长（9000 个字符；最多 8000 个）');
    expect(errorText(new Error('plain'))).toBe('plain');
    expect(errorText(thrown('fromANewerBinding', {}))).toBe('模拟器拒绝了（fromANewerBinding）');
  });
});
