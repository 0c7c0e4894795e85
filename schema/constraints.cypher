// Strata contribution graph: constraints and indexes, applied idempotently at every start (api/store/constraints.ts).
// Every lineage query starts from one of these unique ids (an index seek), never from a label scan.
CREATE CONSTRAINT contributor_id IF NOT EXISTS FOR (n:Contributor) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT contributor_handle IF NOT EXISTS FOR (n:Contributor) REQUIRE n.handle IS UNIQUE;
CREATE CONSTRAINT contributor_key_hash IF NOT EXISTS FOR (n:Contributor) REQUIRE n.apiKeyHash IS UNIQUE;
CREATE CONSTRAINT datanet_id IF NOT EXISTS FOR (n:Datanet) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT record_id IF NOT EXISTS FOR (n:Record) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT content_cluster_id IF NOT EXISTS FOR (n:ContentCluster) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT base_model_id IF NOT EXISTS FOR (n:BaseModel) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT adapter_id IF NOT EXISTS FOR (n:Adapter) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT model_id IF NOT EXISTS FOR (n:Model) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT output_id IF NOT EXISTS FOR (n:Output) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT reward_policy_id IF NOT EXISTS FOR (n:RewardPolicy) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT payout_id IF NOT EXISTS FOR (n:Payout) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT coalition_scores_model IF NOT EXISTS FOR (n:CoalitionScores) REQUIRE n.modelId IS UNIQUE;
CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (n:IdempotencyKey) REQUIRE n.key IS UNIQUE;
// Expired idempotency keys are swept with a range seek on creation time.
CREATE INDEX idempotency_key_created_at IF NOT EXISTS FOR (n:IdempotencyKey) ON (n.createdAt);
CREATE CONSTRAINT fingerprint_scheme_id IF NOT EXISTS FOR (n:FingerprintScheme) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT lsh_band_key IF NOT EXISTS FOR (n:LshBand) REQUIRE n.key IS UNIQUE;
CREATE INDEX record_content_hash IF NOT EXISTS FOR (n:Record) ON (n.contentHash);
CREATE INDEX record_status IF NOT EXISTS FOR (n:Record) ON (n.status);
// The attribution index catches up with a range seek on acceptance time.
CREATE INDEX record_accepted_at IF NOT EXISTS FOR (n:Record) ON (n.acceptedAt);
CREATE INDEX output_content_hash IF NOT EXISTS FOR (n:Output) ON (n.contentHash);
// outputByContent(wordsHash): the rendering-proof hash (docs/architecture.md#the-words-hash). Not unique: the same
// words may be recorded twice (the latest wins, as for contentHash).
CREATE INDEX output_words_hash IF NOT EXISTS FOR (n:Output) ON (n.wordsHash);
CREATE INDEX content_cluster_hash IF NOT EXISTS FOR (n:ContentCluster) ON (n.contentHash);
// The reward policy in force is the latest inForceFrom not in the future.
CREATE INDEX reward_policy_in_force IF NOT EXISTS FOR (n:RewardPolicy) ON (n.inForceFrom);
// The transparency log (api/store/log.ts): entries by index, perfect subtrees by key, the one head, checkpoints by size.
CREATE CONSTRAINT log_entry_index IF NOT EXISTS FOR (n:LogEntry) REQUIRE n.index IS UNIQUE;
CREATE CONSTRAINT log_subtree_key IF NOT EXISTS FOR (n:LogSubtree) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT log_head_id IF NOT EXISTS FOR (n:LogHead) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT log_checkpoint_size IF NOT EXISTS FOR (n:LogCheckpoint) REQUIRE n.size IS UNIQUE;
// Governance (api/store/governance.ts): proposals and governance policies by id; executed proposals (the history of
// suspensions and sanctions) by execution time; the governance policy in force by inForceFrom.
CREATE CONSTRAINT proposal_id IF NOT EXISTS FOR (n:Proposal) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT governance_policy_id IF NOT EXISTS FOR (n:GovernancePolicy) REQUIRE n.id IS UNIQUE;
CREATE INDEX proposal_executed_at IF NOT EXISTS FOR (n:Proposal) ON (n.executedAt);
CREATE INDEX governance_policy_in_force IF NOT EXISTS FOR (n:GovernancePolicy) ON (n.inForceFrom);
// OpenLineage runs and their events (api/store/lineage-runs.ts): an event's key (runId/eventType) makes a repeat a replay.
CREATE CONSTRAINT lineage_run_id IF NOT EXISTS FOR (n:LineageRun) REQUIRE n.runId IS UNIQUE;
CREATE CONSTRAINT lineage_event_key IF NOT EXISTS FOR (n:LineageEvent) REQUIRE n.key IS UNIQUE;
// Notifications (api/store/webhooks.ts): subscriptions, deliveries (one per event and subscription), the output scan's
// cursor; due deliveries are found with a range seek, new outputs with one on their creation time.
CREATE CONSTRAINT webhook_subscription_id IF NOT EXISTS FOR (n:WebhookSubscription) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT webhook_delivery_id IF NOT EXISTS FOR (n:WebhookDelivery) REQUIRE n.id IS UNIQUE;
CREATE INDEX webhook_delivery_due IF NOT EXISTS FOR (n:WebhookDelivery) ON (n.nextAttemptAt);
CREATE CONSTRAINT notification_cursor_id IF NOT EXISTS FOR (n:NotificationCursor) REQUIRE n.id IS UNIQUE;
// Policy simulations and the webhook scan read the outputs recorded since an instant with a range seek.
CREATE INDEX output_created_at IF NOT EXISTS FOR (n:Output) ON (n.createdAt);
// Agent runs: the steps an agent took before an output (docs/architecture.md#agent-runs).
CREATE CONSTRAINT agent_step_id IF NOT EXISTS FOR (n:AgentStep) REQUIRE n.id IS UNIQUE;
CREATE INDEX proposal_created_at IF NOT EXISTS FOR (n:Proposal) ON (n.createdAt);
// Near-duplicate lookup at ingest (docs/architecture.md#near-duplicates-under-concurrency): writers serialise on the one
// cluster sequence node, which numbers the clusters (lshSeq); each API process keeps an in-memory index of the band keys
// (ContentCluster.lshBands, 32 integer hashes, not indexed in Neo4j), caught up by a range seek on lshSeq, and
// reads the clusters it names by lshSeq. The full-text index the keys had before cost most of an ingest commit: dropped.
DROP INDEX content_cluster_bands IF EXISTS;
CREATE CONSTRAINT lsh_sequence_id IF NOT EXISTS FOR (n:LshSequence) REQUIRE n.id IS UNIQUE;
CREATE INDEX content_cluster_lsh_seq IF NOT EXISTS FOR (n:ContentCluster) ON (n.lshSeq);
// The trace's full-text candidate path (api/store/trace-fulltext.ts, docs/architecture.md#the-full-text-candidate-path):
// accepted records' canonical tokens, space-joined, split only at spaces, so a quoted phrase matches exact word runs.
// Strongly consistent (updated in the writing transaction), and held by every member of a cluster.
CREATE FULLTEXT INDEX record_canonical_tokens IF NOT EXISTS FOR (n:Record) ON EACH [n.canonicalTokens] OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};
