package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// File names in an index directory.
const (
	DBFile   = "samestory.db"
	LockFile = "samestory.lock"
)

// Bucket names.
var (
	bSettings = []byte("settings")
	bDocs     = []byte("docs")
	bArticles = []byte("articles")
	bStories  = []byte("stories")
	bCorpus   = []byte("corpus")
	bMeta     = []byte("meta")
	bRuns     = []byte("runs")

	kCorpus    = []byte("stats")
	kArticles  = []byte("articles")
	kStories   = []byte("stories")
	kNextStory = []byte("next-story")
	kRuns      = []byte("runs")
)

var allBuckets = [][]byte{bSettings, bDocs, bArticles, bStories, bCorpus, bMeta, bRuns}

// DefaultTimeout is how long Open waits for another run to release an
// index by default: long enough to ride out a reader finishing, short
// enough to fail fast.
const DefaultTimeout = 500 * time.Millisecond

// Options configure Open.
type Options struct {
	// ReadOnly opens an existing index for reading (several readers may
	// share it, but not with a writer).
	ReadOnly bool
	// Timeout is how long to wait for the index's lock; 0 means
	// DefaultTimeout.
	Timeout time.Duration
}

// ErrInUse is wrapped by the error Open returns when another process
// holds the index.
var ErrInUse = errors.New("index in use")

// InUseError says that another run holds an index.
type InUseError struct {
	Dir string
	// Holder describes the process that holds it, from its lock file
	// ("pid 1234, since …"), or is empty when unknown.
	Holder string
}

func (e *InUseError) Error() string {
	h := e.Holder
	if h == "" {
		h = "pid unknown"
	} else {
		h += "?"
	}
	return fmt.Sprintf("index %s is in use by another samestory run (%s); try again when it has finished", e.Dir, h)
}

func (e *InUseError) Unwrap() error { return ErrInUse }

// ErrNoIndex is wrapped by the error Open returns for a read-only open
// of a directory that holds no index.
var ErrNoIndex = errors.New("no index")

// Index is an open index.
type Index struct {
	dir      string
	db       *bolt.DB
	readOnly bool
	lockFile string // written by a writer, removed by Close
}

// Open opens the index in dir, creating dir and an empty index when
// needed (unless read-only). It fails with an *InUseError when another
// process holds the index for longer than the timeout.
func Open(dir string, opts Options) (*Index, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	path := filepath.Join(dir, DBFile)
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s holds no samestory index (no %s): %w", dir, DBFile, ErrNoIndex)
			}
			return nil, err
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	} else if err := othersOnly(dir); err != nil {
		return nil, err
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: opts.Timeout, ReadOnly: opts.ReadOnly})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, &InUseError{Dir: dir, Holder: readHolder(filepath.Join(dir, LockFile))}
	}
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", dir, err)
	}
	ix := &Index{dir: dir, db: db, readOnly: opts.ReadOnly}
	if !opts.ReadOnly {
		ix.lockFile = filepath.Join(dir, LockFile)
		writeHolder(ix.lockFile)
		// A database without buckets is new. (Another bbolt database is
		// left alone, and refused below.)
		fresh := true
		db.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func([]byte, *bolt.Bucket) error {
				fresh = false
				return nil
			})
		})
		if fresh {
			err = db.Update(createBuckets)
		}
		if err != nil {
			ix.Close()
			return nil, fmt.Errorf("index %s: %w", dir, err)
		}
	}
	if err := ix.checkFormat(); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// createBuckets makes a new index: its buckets, empty; they get content
// only in a run's single commit.
func createBuckets(tx *bolt.Tx) error {
	for _, b := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(b); err != nil {
			return err
		}
	}
	return nil
}

// checkFormat refuses a database that is not a samestory index, or of
// another format version.
func (ix *Index) checkFormat() error {
	return ix.db.View(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if tx.Bucket(b) == nil {
				return fmt.Errorf("index %s: %s is not a samestory index (no bucket %q)", ix.dir, DBFile, b)
			}
		}
		s, err := readSettings(tx)
		if err != nil {
			return err
		}
		if v, ok := s.Get("index-format"); ok && v != strconv.Itoa(FormatVersion) {
			return fmt.Errorf("index %s has format version %s; this samestory reads version %d", ix.dir, v, FormatVersion)
		}
		return nil
	})
}

// Dir returns the index's directory.
func (ix *Index) Dir() string { return ix.dir }

// Path returns the index's database file.
func (ix *Index) Path() string { return ix.db.Path() }

// Close closes the index and releases its lock.
func (ix *Index) Close() error {
	if ix.db == nil {
		return nil
	}
	if ix.lockFile != "" {
		os.Remove(ix.lockFile)
	}
	err := ix.db.Close()
	ix.db = nil
	return err
}

// writeHolder writes who holds the lock, for the message another run
// gives when it cannot get it. It is informational only: the lock is
// bbolt's (flock), which the system releases with the process; a file
// left by a killed run is overwritten by the next.
func writeHolder(path string) {
	host, _ := os.Hostname()
	s := fmt.Sprintf("pid %d\nhost %s\nsince %s\n", os.Getpid(), host, time.Now().UTC().Format(time.RFC3339))
	tmp := path + ".tmp"
	if os.WriteFile(tmp, []byte(s), 0o644) == nil {
		os.Rename(tmp, path)
	}
}

// readHolder reads what writeHolder wrote, as "pid N, since T".
func readHolder(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var pid, since string
	for line := range strings.Lines(string(b)) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch k {
		case "pid":
			pid = v
		case "since":
			since = v
		}
	}
	if pid == "" {
		return ""
	}
	if since != "" {
		return "pid " + pid + ", since " + since
	}
	return "pid " + pid
}

// readSettings reads the settings an index was built with; none for an
// index no run has committed to.
func readSettings(tx *bolt.Tx) (Settings, error) {
	type entry struct {
		pos uint64
		s   Setting
	}
	var es []entry
	err := tx.Bucket(bSettings).ForEach(func(k, v []byte) error {
		r := reader{b: v}
		pos := r.uvarint()
		flag := r.byte() != 0
		val := r.string()
		if r.err != nil {
			return fmt.Errorf("setting %q: %w", k, r.err)
		}
		es = append(es, entry{pos, Setting{Name: string(k), Value: val, Flag: flag}})
		return nil
	})
	if err != nil {
		return nil, err
	}
	s := make(Settings, len(es))
	for _, e := range es {
		if e.pos >= uint64(len(es)) || s[e.pos].Name != "" {
			return nil, fmt.Errorf("settings: %w", errCorrupt)
		}
		s[e.pos] = e.s
	}
	return s, nil
}

func writeSettings(tx *bolt.Tx, s Settings) error {
	b := tx.Bucket(bSettings)
	for i, x := range s {
		v := appendUvarint(nil, uint64(i))
		if x.Flag {
			v = append(v, 1)
		} else {
			v = append(v, 0)
		}
		v = appendString(v, x.Value)
		if err := b.Put([]byte(x.Name), v); err != nil {
			return err
		}
	}
	return nil
}

// Settings returns the settings the index was built with, or nil when no
// run has committed to it yet.
func (ix *Index) Settings() (Settings, error) {
	var s Settings
	err := ix.db.View(func(tx *bolt.Tx) error {
		var err error
		s, err = readSettings(tx)
		return err
	})
	return s, err
}

// Check compares a run's settings with the index's. It returns nil when
// they agree or the index is empty, and a *MismatchError naming every
// difference otherwise.
func (ix *Index) Check(run Settings) error {
	have, err := ix.Settings()
	if err != nil || len(have) == 0 {
		return err
	}
	if ds := compare(have, run); len(ds) > 0 {
		return &MismatchError{Dir: ix.dir, Differences: ds}
	}
	return nil
}

func getCount(b *bolt.Bucket, k []byte) uint64 {
	v := b.Get(k)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func putCount(b *bolt.Bucket, k []byte, n uint64) error {
	return b.Put(k, binary.BigEndian.AppendUint64(nil, n))
}

// othersOnly returns an error when dir holds files but no index: an index
// is made in a new or empty folder, never among files of another use,
// which a mistyped DIR would otherwise fill with an index beside them.
func othersOnly(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	other := ""
	for _, e := range ents {
		switch e.Name() {
		case DBFile:
			return nil
		case LockFile:
		default:
			if strings.HasPrefix(e.Name(), ".") {
				continue // .DS_Store and the like
			}
			if other == "" {
				other = e.Name()
			}
		}
	}
	if other != "" {
		return fmt.Errorf("index %s: the folder holds other files (%s, …) and no samestory index (%s): give a new or empty folder, or one that holds an index", dir, other, DBFile)
	}
	return nil
}
