// One Chinese word per Raft term, from the Raft notes this project grew from (shared/seeds:
// 分布式共识算法, 任期, 投票分裂, 日志复制, 心跳, 已提交, 安全性 …), so every sentence uses the
// same word for the same idea. glossary.test.ts holds the zh-CN catalog to it: wherever the
// English text uses a term, the Chinese text uses this word, and never a rival word for it.

export interface GlossaryTerm {
  /** The English term as it appears in en.ts (whole words, any case). */
  en: RegExp;
  /** The one Chinese word for it. */
  zh: string;
  /** Shorter forms of the same word that also count (票 when votes are counted: 3 票). */
  forms?: readonly string[];
  /** Other translations a writer might reach for, which the catalog must not use. */
  rivals: readonly string[];
  /** Where the notes use it. */
  note: string;
}

export const GLOSSARY: readonly GlossaryTerm[] = [
  { en: /\bterms?\b/i, zh: '任期', rivals: ['届', '期限'], note: '每个节点维护一个任期号（term）' },
  { en: /\bleaders?\b/i, zh: '领导者', rivals: ['领袖', '领导人', '主节点', '首领'], note: '节点状态 3. Leader' },
  { en: /\bfollowers?\b/i, zh: '跟随者', rivals: ['追随者', '从节点', '跟从者'], note: '节点状态 1. Follower' },
  { en: /\b(?<!pre-)candidates?\b/i, zh: '候选人', rivals: ['候选者', '候选节点'], note: '节点状态 2. Candidate' },
  { en: /\bsplit votes?\b/i, zh: '投票分裂', rivals: ['分裂投票', '选票分裂', '平票'], note: '投票分裂（split vote）' },
  { en: /\blog replication\b/i, zh: '日志复制', rivals: ['日志同步'], note: '日志复制' },
  { en: /\bheartbeats?\b/i, zh: '心跳', rivals: ['心搏'], note: '定期发送心跳（AppendEntries RPC）' },
  { en: /\bcommit(ted|s)?\b/i, zh: '提交', rivals: ['确认提交', '承诺'], note: '标记为已提交（committed）' },
  { en: /\bsafety\b/i, zh: '安全性', rivals: ['安全度'], note: '安全性' },
  { en: /\bmajority\b/i, zh: '多数', rivals: ['大多数', '过半数'], note: '获得多数节点的投票' },
  { en: /\belection\b/i, zh: '选举', rivals: ['竞选'], note: '选举过程' },
  { en: /\bvot(e|es|ed)\b/i, zh: '投票', forms: ['票'], rivals: ['表决', '选票'], note: '请求投票' },
  { en: /\b(entry|entries)\b/i, zh: '条目', rivals: ['记录项', '表项'], note: '新的日志条目' },
  { en: /\bservers?\b/i, zh: '节点', rivals: ['服务器'], note: '多个节点（服务器）' },
  { en: /\bconsensus\b/i, zh: '共识', rivals: ['一致性协议'], note: '分布式共识算法' },
  { en: /\bstate machine\b/i, zh: '状态机', rivals: ['状态自动机'], note: '应用到状态机' },
  { en: /\bpartition\b/i, zh: '分区', rivals: ['隔离区'], note: '网络分区' },
  { en: /\bcrash(ed|es)?\b/i, zh: '崩溃', rivals: ['宕掉'], note: '节点崩溃' },
  { en: /\bsnapshots?\b/i, zh: '快照', rivals: ['镜像', '快照点'], note: '日志压缩：快照（snapshot）' },
  { en: /\bleadership transfer\b/i, zh: '领导权转移', rivals: ['领导者转移', '领导转让', '主节点切换'], note: '领导权转移（leadership transfer，论文 §3.10）' },
  { en: /\bconfiguration\b/i, zh: '配置', rivals: ['组态', '构型'], note: '成员变更：集群配置（configuration，论文第 4 章）' },
];
