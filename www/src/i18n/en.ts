// The English catalog: every text the page says, by key. It defines the keys (index.ts), so it is
// bundled with the page; other languages are chunks of their own. Placeholders are `{name}`; a
// plural is an object of Intl.PluralRules categories chosen by `count`.

export const en = {
  // The language picker.
  'lang.label': 'Language',

  // The frame of the page.
  'chrome.toolbar': 'Simulation controls',
  'chrome.tourButton': 'Guided tour',
  'chrome.tourButtonTitle': 'The scenarios as chapters, step by step',
  'chrome.loading': 'Loading the simulator…',
  'chrome.side': 'What just happened and the cluster options',
  'chrome.feedHeading': 'What just happened',
  'chrome.clusterHeading': 'Cluster',
  'chrome.lapse': 'skipping idle time ×{lapse}',

  // The header.
  'header.title': 'Raft Playground',
  'header.orientation': {
    one: '{count} server elects a leader. Click a server to crash it or time it out; drag it away to cut it off; Submit sends a client request.',
    other: '{count} servers elect a leader. Click a server to crash it or time it out; drag it away to cut it off; Submit sends a client request.',
  },
  'header.helpTitle': 'Shortcuts and gestures (?)',

  // The legend.
  'legend.summary': 'Key',
  'legend.leader': 'Leader: thick ring, crown',
  'legend.candidate': 'Candidate: dashed ring',
  'legend.precandidate': 'Pre-candidate: dotted ring',
  'legend.follower': 'Follower: plain ring',
  'legend.down': 'crashed: grey, crossed',
  'legend.nodes':
    'Big number in a node: its current term. Arc around a node: time left before its timer fires. Log cells show the term of each entry: solid = committed, dashed = not yet. “S5’s next / match”: the leader S5’s nextIndex and matchIndex for that follower.',
  'legend.timeline':
    'Timeline: bands = terms (hatched: many terms in a row); crown = new leader, green tick = commit, ▼ = split vote, × = crash, dot = your action. Hover a mark for details.',

  // The event feed (narrate.ts).
  'feed.votes': { one: '{node} {count} vote', other: '{node} {count} votes' },
  'feed.listSep': ', ',
  'feed.splitVote': 'split vote in term {term}: {tally}',
  'feed.noLeader': 'no leader in term {term}: {node} got {granted} of the {needed} votes it needed',
  'feed.becameLeader': '{node} became leader of term {term}',
  'feed.candidate': '{node} timed out: candidate for term {term}',
  'feed.candidateForced': '{node} forced to time out: candidate for term {term}',
  'feed.preCandidate': '{node} timed out: asks for pre-votes (still term {term})',
  'feed.preCandidateForced': '{node} forced to time out: asks for pre-votes (still term {term})',
  'feed.steppedDownQuorum': '{node} stepped down: no longer hears from a majority',
  'feed.steppedDown': '{node} stepped down: follower in term {term}',
  'feed.votedFor': '{node} voted for {to} in term {term}',
  'feed.votedForNoTerm': '{node} voted for {to}',
  'feed.preVoteGranted': '{node} granted a pre-vote to {to} for term {term}',
  'feed.preVoteGrantedNoTerm': '{node} granted a pre-vote to {to}',
  'feed.voteRefused': '{node} refused vote to {to}',
  'feed.preVoteRefused': '{node} refused pre-vote to {to}',
  'feed.appendRefused': '{node} rejected AppendEntries from {leader}',
  'feed.because': '{what}: {reason}',
  'feed.nextIndexBack': '{leader} moves nextIndex of {peer} back: {from} → {to}',
  'feed.erasedOne': '{node} erased conflicting entry at index {from}',
  'feed.erasedMany': '{node} erased conflicting entries at index {from}–{last}',
  'feed.committedOne': '{node} committed the entry at index {to}: stored on a majority',
  'feed.committedMany': '{node} committed the entries at index {from}–{to}: stored on a majority',
  'feed.proposalRefusedNoLeader': '{node} refused the entry: not the leader; it knows no leader',
  'feed.proposalRefused': '{node} refused the entry: not the leader; it knows {leader}',
  'feed.crashed': '{node} crashed',
  'feed.restarted': '{node} restarted with its term, vote and log',
  'feed.violation': 'Safety violation: {what}',
  'feed.violationUnknown': 'unknown',

  // One step in words (step-words.ts).
  'msg.requestVote': 'RequestVote',
  'msg.preVote': 'pre-vote request',
  'msg.vote': 'vote',
  'msg.voteRefusal': 'vote refusal',
  'msg.preVoteGranted': 'pre-vote',
  'msg.preVoteRefusal': 'pre-vote refusal',
  'msg.appendEntries': { one: 'AppendEntries ({count} entry)', other: 'AppendEntries ({count} entries)' },
  'msg.heartbeat': 'heartbeat',
  'msg.appendAck': 'AppendEntries ack',
  'msg.appendRefusal': 'AppendEntries refusal',
  'msg.other': 'message',
  'msg.plural': '{what}s',
  'drop.loss': 'lost on the network',
  'drop.partition': 'stopped by the partition',
  'drop.linkCut': 'stopped by a cut link',
  'drop.nodeDown': 'not received: the server is down',
  'drop.other': 'dropped',
  'step.list': '{init} and {last}',
  'step.listSep': ', ',
  'step.join': '; ',
  'step.what': "{from}'s {message} (term {term})",
  'step.received': '{to} received {what}',
  'step.dropped': '{what} to {to} was {how}',
  'step.timerSent': "{node}'s {timer} fired: {what} to {to}",
  'step.timerFired': "{node}'s {timer} fired",
  'step.timerRestarted': "{node}'s {timer} restarted",
  'step.action': 'Recorded action: {text}',
  'step.records': { one: '{count} trace record, nothing visible changed', other: '{count} trace records, nothing visible changed' },
  'step.nothing': 'A timer fired; nothing visible changed',
  'timer.heartbeat': 'heartbeat timer',
  'timer.election': 'election timer',
} as const;
