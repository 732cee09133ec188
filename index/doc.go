// Package index keeps what samestory has seen across runs: the features
// of every article indexed so far (never its text), its story, the
// corpus statistics the features were measured against, and the settings
// they were made with. A run that adds a batch groups the new articles
// together with all earlier ones and commits the new state; story ids
// stay stable from run to run.
//
// Persistent state is a concern of its own, apart from the pipeline (the
// root package) and the grouping (package cluster), which know nothing of
// files, locks or earlier runs: this package loads an index into the
// plain values those packages take (cluster.Doc, story labels, a corpus
// blob) and turns their result back into durable state.
//
// # Storage
//
// An index is one file, DIR/samestory.db, a bbolt database (a
// copy-on-write B+tree in a single file, with ACID transactions). bbolt
// was chosen because a commit there is atomic: new pages are written
// beside the old ones, fsynced, and only then does a meta page switch to
// them, so a process killed at any moment (SIGKILL, power loss, given a
// disk that honours fsync) leaves the file exactly as after the last
// committed transaction. All of a run's changes are made in one write
// transaction at its end; a killed run leaves the index as it was. bbolt
// also holds an exclusive file lock while a database is open for
// writing, which keeps a second run out (it waits Options.Timeout, then
// fails with ErrInUse); samestory.lock beside the file names the pid of
// the run holding it, for the error message only.
//
// Buckets (all keys and values are small binary records, see enc.go):
//
//	settings  name → setting (see Settings)
//	docs      sequence number (8 bytes, big-endian: first-seen order) → document features
//	articles  article id → sequence number, story id, duplicate_of id
//	stories   story id → creation number, canonical article id, size
//	corpus    "stats" → the corpus statistics (samestory.Corpus, marshalled)
//	meta      counters: articles, stories, next story number, runs
//	runs      run number → what the run did (JSON)
//
// # Story ids
//
// A story id is "s" followed by a base-36 counter ("s1", "s2", …, "sa",
// …): short, opaque, never reused, and ordered by creation (the counter
// is also kept in the story's record). An article keeps its story id
// until its story merges with another; the merged story keeps the id of
// the oldest story (lowest counter) and the others are retired and
// reported as merged_from. The canonical article of a story may change
// when an earlier or fuller article joins it; that is reported too.
package index
