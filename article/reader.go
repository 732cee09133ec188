package article

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Options configure a Reader.
type Options struct {
	// Fields names the JSON fields to read; empty names mean the usual ones.
	Fields Fields
	// Layouts are the date layouts to try; none means DefaultLayouts.
	Layouts []string
	// MaxRecordBytes is the longest record accepted, in bytes; longer ones
	// are rejected without being held in memory. 0 means
	// DefaultMaxRecordBytes.
	MaxRecordBytes int
	// TempDir is where standard input is spooled for the second pass; ""
	// means os.TempDir.
	TempDir string
	// OnProblem is told about inputs, or parts of inputs, that hold no
	// records: a file in a folder that is not an article file, a stream cut
	// short. Reading goes on after it returns nil; a non-nil error stops
	// the pass. When OnProblem is nil such problems stop the pass.
	OnProblem func(pos Pos, err error) error
}

// DefaultMaxRecordBytes is the longest record read when Options say
// nothing: 64 MiB, a hundred times the longest news article, so that
// only something that is not an article (a dump, a book, a binary blob) is
// rejected, and one record can never cost gigabytes.
const DefaultMaxRecordBytes = 64 << 20

// Record is one input record.
type Record struct {
	Pos Pos
	// Seq numbers the records of all inputs of one Reader from 0, in the
	// order they are delivered, rejected records included. Two passes
	// give every record the same Seq.
	Seq int
	// Raw is the record: a JSON Lines line without its line end and without
	// a leading byte-order mark (on any line: files joined with cat keep
	// theirs), or for a .txt file a JSON object built from it. It is only
	// valid until the callback returns.
	Raw []byte
	// Article is the parsed record, filled in when parsing was asked for
	// and Err is nil.
	Article Article
	// Err says why the record cannot be used; such a record is rejected.
	// Its Key method (see RecordError) names the kind of reason.
	Err error

	cut error // the stream broke off in this record
}

// Reader reads the records of a list of inputs, as many times as asked.
// Inputs are file paths, folder paths, or "-" for standard input, which is
// copied to a temporary file during the first pass so that later passes
// can read it again. A folder is read with its subfolders, its files in
// lexical order of their paths, leaving out hidden files and folders
// (names starting with a dot: .git, .DS_Store).
type Reader struct {
	inputs []string
	opts   Options
	stdin  io.Reader
	spool  string
	// spoolDone tells that the first pass read standard input to its end.
	spoolDone bool
	seen      map[string]fileStamp // files read in the first pass
	reported  map[string]bool      // problems told in the first pass
	passes    int
	done      atomic.Int64 // bytes read from input files in the current pass
	total     int64        // bytes of all input files, or -1 when unknown
}

type fileStamp struct {
	size int64
	mod  time.Time
}

// NewReader checks that the inputs exist and returns a Reader for them.
// stdin is read for the input "-", which may appear at most once.
func NewReader(inputs []string, stdin io.Reader, opts Options) (*Reader, error) {
	if len(inputs) == 0 {
		return nil, errors.New("article: no inputs")
	}
	if opts.MaxRecordBytes <= 0 {
		opts.MaxRecordBytes = DefaultMaxRecordBytes
	}
	r := &Reader{inputs: inputs, opts: opts, stdin: stdin, seen: make(map[string]fileStamp), reported: make(map[string]bool)}
	dashes := 0
	for _, in := range inputs {
		if in == "-" {
			dashes++
			r.total = -1
			continue
		}
		st, err := os.Stat(in)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // "stat": the path is said already
			}
			return nil, fmt.Errorf("article: input %s: %w", in, err)
		}
		if st.IsDir() {
			n, err := dirSize(in)
			if err != nil {
				return nil, fmt.Errorf("article: %w", err)
			}
			if r.total >= 0 {
				r.total += n
			}
		} else if r.total >= 0 {
			r.total += st.Size()
		}
	}
	if dashes > 1 {
		return nil, errors.New("article: standard input (-) given more than once")
	}
	return r, nil
}

func dirSize(dir string) (int64, error) {
	var n int64
	root := walkRoot(dir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != root && hidden(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n, err
}

// Progress returns the bytes read so far in the current pass and the
// total size of the inputs, or -1 when it is not known (standard input in
// the first pass).
func (r *Reader) Progress() (done, total int64) {
	total = r.total
	if r.passes > 1 && r.spool != "" {
		if st, err := os.Stat(r.spool); err == nil && total < 0 {
			total = 0
			for _, s := range r.seen {
				total += s.size
			}
			total += st.Size()
		}
	}
	return r.done.Load(), total
}

// Close removes the spooled copy of standard input, if any.
func (r *Reader) Close() error {
	if r.spool == "" {
		return nil
	}
	err := os.Remove(r.spool)
	r.spool = ""
	return err
}

// Each reads every record of every input, in order, and calls fn for each;
// with parse it also fills in Record.Article (or Record.Err). It stops at
// the first error fn returns. A second call reads the same records again:
// an input that changed in between is an error.
func (r *Reader) Each(parse bool, fn func(*Record) error) error {
	r.passes++
	r.done.Store(0)
	p := pass{r: r, parse: parse, fn: fn}
	if parse {
		p.names = r.opts.Fields.names()
	}
	for _, in := range r.inputs {
		if err := p.input(in); err != nil {
			return err
		}
	}
	if r.passes > 1 && p.stamped != len(r.seen) {
		return errors.New("article: files were removed from the inputs while samestory was reading them")
	}
	return nil
}

// pass is the state of one Each call.
type pass struct {
	r       *Reader
	parse   bool
	fn      func(*Record) error
	seq     int
	rec     Record
	names   *fieldNames // when parsing
	members []member
	line    []byte
	stamped int               // files checked against the first pass
	read    map[string]string // files and folders read in this pass, by fileKey: the path given
}

// problem tells OnProblem about a problem. A problem met again in a later
// pass (the same one, at the same place) is not told again.
func (p *pass) problem(pos Pos, err error) error {
	if p.r.opts.OnProblem == nil {
		return fmt.Errorf("article: %s: %w", pos, err)
	}
	key := pos.String() + "\x00" + err.Error()
	if p.r.passes > 1 && p.r.reported[key] {
		return nil
	}
	p.r.reported[key] = true
	return p.r.opts.OnProblem(pos, err)
}

func (p *pass) input(in string) error {
	if in == "-" {
		return p.stdin()
	}
	st, err := os.Stat(in)
	if err != nil {
		return p.problem(Pos{File: in}, err)
	}
	if !st.IsDir() {
		if strings.HasSuffix(in, ".txt") {
			return p.txt(in, fileKey(in), strings.TrimSuffix(filepath.Base(in), ".txt"))
		}
		return p.file(in, fileKey(in), in)
	}
	key := fileKey(in)
	if first, ok := p.read[key]; ok {
		return p.problem(Pos{File: in}, fmt.Errorf("folder given twice as input (first as %s): read once; skipped", first))
	}
	p.remember(key, in)
	var files []string
	root := walkRoot(in)
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return p.problem(Pos{File: path}, err)
		}
		if path != root && hidden(d.Name()) {
			// .git, .DS_Store, an editor's swap file: not articles.
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, path)
		} else if !d.IsDir() {
			return p.problem(Pos{File: path}, errors.New("not a regular file; skipped"))
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files) // WalkDir is lexical already; this makes it explicit
	for _, f := range files {
		name := filepath.Base(f)
		// A regular file the walk met is where the folder really is, at
		// the same path below it: no link to resolve (the walk follows
		// none below its root).
		rel, _ := filepath.Rel(in, f)
		fkey := filepath.Join(key, rel)
		switch {
		case strings.HasSuffix(name, ".txt"):
			if err := p.txt(f, fkey, filepath.ToSlash(strings.TrimSuffix(rel, ".txt"))); err != nil {
				return err
			}
		case isJSONLName(name):
			if err := p.file(f, fkey, f); err != nil {
				return err
			}
		default:
			if err := p.problem(Pos{File: f}, errors.New("not an article file (.txt, .jsonl, .ndjson, .json, optionally .gz or .zst); skipped")); err != nil {
				return err
			}
		}
	}
	return nil
}

// walkRoot is the root to walk for the folder dir: dir itself, but with a
// trailing separator, so that a symbolic link to a folder is followed
// (filepath.WalkDir does not follow a root that is a link) while the
// paths walked still start with dir as it was given.
func walkRoot(dir string) string {
	if strings.HasSuffix(dir, string(filepath.Separator)) {
		return dir
	}
	return dir + string(filepath.Separator)
}

// fileKey names the file or folder at path whatever the path given: its
// absolute path with symbolic links resolved (as given, when that fails).
// Hard links to one file still have two keys.
func fileKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	return path
}

// remember records that the pass read the file or folder of key, given
// as path.
func (p *pass) remember(key, path string) {
	if p.read == nil {
		p.read = make(map[string]string)
	}
	p.read[key] = path
}

// hidden reports whether a folder's entry is hidden, its name starting
// with a dot; a folder given as input skips its hidden entries.
func hidden(name string) bool { return strings.HasPrefix(name, ".") }

// Visits reports whether reading a folder given as input visits the
// file at the path rel, relative to the folder: it reads every file
// whose path has no hidden element, as articles, or reports it as not
// an article file.
func Visits(rel string) bool {
	for _, e := range strings.Split(filepath.ToSlash(rel), "/") {
		if hidden(e) {
			return false
		}
	}
	return true
}

func isJSONLName(name string) bool {
	name = strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".zst")
	return strings.HasSuffix(name, ".jsonl") || strings.HasSuffix(name, ".ndjson") || strings.HasSuffix(name, ".json")
}

// stamp records a file's size and time in the first pass and checks them
// in later ones.
//
// A file met again in the same pass, by its key (see fileKey): given
// twice, or as a file and within a folder also given, is not read again:
// stamp reports it as a problem and returns skip.
func (p *pass) stamp(path, key string) (skip bool, err error) {
	if first, ok := p.read[key]; ok {
		return true, p.problem(Pos{File: path}, fmt.Errorf("given twice as input (first as %s): read once; skipped", first))
	}
	p.remember(key, path)
	st, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	now := fileStamp{st.Size(), st.ModTime()}
	p.stamped++
	if p.r.passes == 1 {
		p.r.seen[path] = now
		return false, nil
	}
	if was, ok := p.r.seen[path]; !ok || was != now {
		return false, fmt.Errorf("article: %s changed while samestory was reading it", path)
	}
	return false, nil
}

func (p *pass) file(path, key, name string) error {
	if skip, err := p.stamp(path, key); skip || err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return p.problem(Pos{File: name}, err)
	}
	defer f.Close()
	return p.streamFile(f, name)
}

// streamFile reads the open file f as a stream. A file left before its
// end (skipped as a whole: UTF-16, a JSON array …) counts as read all
// the same, so that progress reaches the total at the end of the pass.
func (p *pass) streamFile(f *os.File, name string) error {
	c := &countingReader{r: f, n: &p.r.done}
	if err := p.stream(c, name); err != nil {
		return err
	}
	if st, err := f.Stat(); err == nil && st.Size() > c.read {
		p.r.done.Add(st.Size() - c.read)
	}
	return nil
}

func (p *pass) stdin() error {
	if p.r.passes > 1 {
		if p.r.spool == "" || !p.r.spoolDone {
			return errors.New("article: standard input was not read to its end in the first pass")
		}
		f, err := os.Open(p.r.spool)
		if err != nil {
			return fmt.Errorf("article: reopening spooled standard input: %w", err)
		}
		defer f.Close()
		return p.streamFile(f, "-")
	}
	f, err := os.CreateTemp(p.r.opts.TempDir, "samestory-stdin-*")
	if err != nil {
		return fmt.Errorf("article: spooling standard input: %w", err)
	}
	p.r.spool = f.Name()
	tee := io.TeeReader(&countingReader{r: p.r.stdin, n: &p.r.done}, f)
	err = p.stream(tee, "-")
	if err == nil {
		// Keep all of standard input, even what follows a part that
		// could not be read, so that later passes see the same bytes.
		_, err = io.Copy(io.Discard, tee)
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("article: spooling standard input: %w", cerr)
	}
	p.r.spoolDone = err == nil
	return err
}

// Decompressed returns what br holds: when it starts like a gzip or zstd
// stream (told by its first bytes, whatever the file's name), the
// decompressed stream, the format ("gzip" or "zstd") and a done that
// releases the decoder; else br itself, "" and a done that does nothing.
// An error is the decoder's, with the format it was opening.
func Decompressed(br *bufio.Reader) (src io.Reader, format string, done func(), err error) {
	magic, _ := br.Peek(4)
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, "gzip", nil, err
		}
		return zr, "gzip", func() { zr.Close() }, nil
	case len(magic) == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd:
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<30))
		if err != nil {
			return nil, "zstd", nil, err
		}
		return zr, "zstd", zr.Close, nil
	}
	return br, "", func() {}, nil
}

// stream reads JSON Lines from r, decompressing it when it starts like a
// gzip or zstd stream. A stream that is not JSON Lines as a whole (UTF-16,
// another compression, an archive, a JSON array) is one problem, naming
// what it is and how to convert it, and is skipped.
func (p *pass) stream(r io.Reader, name string) error {
	br := bufio.NewReaderSize(r, 1<<20)
	magic, _ := br.Peek(10)
	var src io.Reader = br
	format := "file"
	if name == "-" {
		format = "standard input"
	}
	zr, kind, done, err := Decompressed(br)
	switch {
	case err != nil:
		return p.problem(Pos{File: name}, fmt.Errorf("%s: %w", kind, err))
	case kind != "":
		defer done()
		src, format = zr, kind+" stream"
	default:
		if err := foreignFormat(magic); err != nil {
			return p.problem(Pos{File: name}, err)
		}
	}
	if src != io.Reader(br) {
		br = bufio.NewReaderSize(src, 1<<20)
	}
	if tarArchive(br) {
		what := "a tar archive"
		if format != "file" && format != "standard input" {
			what += " (in a " + format + ")"
		}
		return p.problem(Pos{File: name}, fmt.Errorf("%s: samestory reads JSON Lines (plain, gzip or zstd) or folders of .txt files; extract it first, e.g. tar -xf FILE, and give the files or their folder; skipped", what))
	}
	if bom, _ := br.Peek(2); len(bom) == 2 && (bom[0] == 0xff && bom[1] == 0xfe || bom[0] == 0xfe && bom[1] == 0xff) {
		return p.problem(Pos{File: name}, errors.New("text is UTF-16 (it starts with a UTF-16 byte-order mark), samestory reads UTF-8: convert it first, e.g. iconv -f UTF-16 -t UTF-8; skipped"))
	}
	return p.lines(br, name, format)
}

// foreignFormat returns the problem of a stream whose first bytes are
// the magic number of a compression or archive format samestory does not
// read, or nil. No JSON Lines stream starts like one: the first bytes of
// JSON Lines are '{', blanks or a byte-order mark, and these magic numbers
// start with a byte that is not ASCII, or with "PK" and a control
// character, or with "BZh", a digit and six bytes of a bzip2 header.
func foreignFormat(magic []byte) error {
	for _, f := range []struct{ magic, what, verb, cmd string }{
		{"\xfd7zXZ\x00", "xz-compressed", "decompress", "xz -dc FILE > FILE.jsonl"},
		{"7z\xbc\xaf\x27\x1c", "a 7z archive", "extract", "7z x -so FILE > FILE.jsonl"},
		{"PK\x03\x04", "a zip archive", "extract", "unzip -p FILE > FILE.jsonl"},
		{"PK\x05\x06", "a zip archive (an empty one)", "extract", "unzip -p FILE > FILE.jsonl"},
		{"PK\x07\x08", "a zip archive", "extract", "unzip -p FILE > FILE.jsonl"},
	} {
		if bytes.HasPrefix(magic, []byte(f.magic)) {
			return fmt.Errorf("%s: samestory reads plain, gzip or zstd JSON Lines; %s it first, e.g. %s; skipped", f.what, f.verb, f.cmd)
		}
	}
	// bzip2: "BZh", the block size, then a block's header or, in an
	// empty stream, the end-of-stream header.
	if len(magic) == 10 && string(magic[:3]) == "BZh" && magic[3] >= '1' && magic[3] <= '9' &&
		(string(magic[4:]) == "1AY&SY" || string(magic[4:]) == "\x17rE8P\x90") {
		return errors.New("bzip2-compressed: samestory reads plain, gzip or zstd JSON Lines; decompress it first, e.g. bzip2 -dc FILE > FILE.jsonl; skipped")
	}
	return nil
}

// tarArchive reports whether br starts with a tar archive's first header:
// "ustar" at byte 257, then a NUL or a space (POSIX and GNU tar). A JSON
// Lines stream never does, since JSON text holds no NUL and a header's
// name field comes first; one that starts with '{' is not even looked
// at that far, so that a short record on a terminal is not waited on.
func tarArchive(br *bufio.Reader) bool {
	if b, _ := br.Peek(1); len(b) == 0 || b[0] == '{' {
		return false
	}
	h, _ := br.Peek(263)
	return tarHeader(h)
}

// tarHeader reports whether b starts with a tar header (see tarArchive).
func tarHeader(b []byte) bool {
	return len(b) >= 263 && string(b[257:262]) == "ustar" && (b[262] == 0 || b[262] == ' ')
}

// bigLine is the size beyond which the line buffer is let go once its
// record has been handled, so that one huge record does not keep its
// memory for the rest of the pass.
const bigLine = 4 << 20

// lines splits a stream into records, one per non-blank line. format
// names the stream in messages ("gzip stream", "file", …).
//
// A stream whose first record starts with '[' may be a JSON array rather
// than JSON Lines: see jsonArray. It is then one problem, and skipped;
// so is a stream whose first record is "{" alone, the start of an object
// printed over many lines.
func (p *pass) lines(br *bufio.Reader, name, format string) error {
	max := p.r.opts.MaxRecordBytes
	first := true // no record yet
	for lineNo := 1; ; lineNo++ {
		var start lineStart
		if first {
			start = peekLineStart(br)
		}
		line, tooLong, err := readLine(br, p.line[:0], max)
		p.line = line[:0]
		cut := err != nil && err != io.EOF // the stream broke off in this line
		blanks := 0                        // blank lines after this one, read already
		if len(line) > 0 || tooLong > 0 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
			line = bytes.TrimRight(line, " \t\r")
			if len(bytes.TrimLeft(line, " \t")) > 0 || tooLong > 0 {
				if first {
					first = false
					var array bool
					if array, blanks = jsonArray(br, line, tooLong, start, err); array {
						return p.problem(Pos{File: name}, arrayErr(format))
					}
					if tooLong == 0 && string(bytes.TrimLeft(line, " \t")) == "{" {
						// "{" alone, never a record of JSON Lines, opens
						// an object printed over many lines (jq ., an
						// indented json.dump), or a run of them.
						return p.problem(Pos{File: name}, prettyErr(format))
					}
				}
				var cutErr error
				if cut {
					cutErr = err
				}
				if ferr := p.deliver(Pos{File: name, Line: lineNo}, line, tooLong, format, cutErr); ferr != nil {
					return ferr
				}
			}
		}
		if cap(p.line) > bigLine {
			p.line = nil
		}
		lineNo += blanks
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return p.problem(Pos{File: name, Line: lineNo}, fmt.Errorf("the %s breaks off in line %d (%w): the rest of it is lost", format, lineNo, err))
		}
	}
}

// lineStart is what a line starts with, after a byte-order mark and
// blanks, as far as peekLineStart could see.
type lineStart int

const (
	startOther   lineStart = iota
	startArray             // '['
	startObjects           // '[', blanks, '{': an array of objects
)

// peekLineStart looks at the start of the next line without reading it:
// at what is buffered already, or at the first bytes of the stream.
func peekLineStart(br *bufio.Reader) lineStart {
	// What is buffered may stop short of the first telling byte (standard
	// input comes as it is written): more is waited for, up to the
	// buffer's size, so that both passes decide alike.
	for n := 1; ; {
		_, err := br.Peek(n)
		b, _ := br.Peek(br.Buffered())
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		b = bytes.TrimLeft(b, " \t")
		more := err == nil && br.Buffered() < br.Size()
		switch {
		case len(b) == 0 && more:
		case len(b) == 0 || b[0] != '[':
			return startOther
		default:
			if b = bytes.TrimLeft(b[1:], " \t"); len(b) > 0 && b[0] == '{' {
				return startObjects
			} else if len(b) > 0 || !more {
				return startArray
			}
		}
		n = br.Buffered() + 1
	}
}

// jsonArray tells whether a stream whose first record is line is a JSON
// array (of articles) rather than JSON Lines. line is trimmed, or, for a
// record longer than the limit, empty with tooLong its length and start
// what it starts with; err is what reading it returned.
//
// JSON Lines never start with '[', but a JSON Lines file may hold an
// array as a record (a bad one), first or not, and reading goes on after
// a bad record. So the stream is an array only when its first record
// starts with '[' and either
//   - it is not one JSON value: an array over many lines, pretty-printed
//     ("[", then "  {" …), which read as lines would be a rejection for
//     every line; or
//   - it is an array of objects (as far as can be told: for a record
//     longer than the limit, its first bytes) and the only record of the
//     stream: an array on one line, as json.dump writes it.
//
// A stream whose first line is an array of numbers, or an array of
// objects followed by more records, is read as JSON Lines, each record
// rejected or kept on its own. Telling that the record is the only one
// reads the blank lines after it, no more: blanks is how many it read.
func jsonArray(br *bufio.Reader, line []byte, tooLong int, start lineStart, err error) (array bool, blanks int) {
	objects := start == startObjects
	if tooLong == 0 {
		line = bytes.TrimLeft(line, " \t")
		if len(line) == 0 || line[0] != '[' {
			return false, 0
		}
		if !validJSON(line) {
			// An array over many lines opens with "[" alone or with
			// its first object; another line starting with '['
			// ("[2015-07-21 10:00] export started") is a bad record
			// of JSON Lines.
			rest := bytes.TrimLeft(line[1:], " \t")
			return len(rest) == 0 || rest[0] == '{', 0
		}
		objects = arrayOfObjects(line)
	}
	if !objects {
		return false, 0
	}
	if err != nil { // the stream ends in this line (or breaks off in it)
		return true, 0
	}
	return blankRest(br)
}

// arrayOfObjects reports whether b, one valid JSON value, is an array
// whose elements are all objects (or an empty array).
func arrayOfObjects(b []byte) bool {
	if len(b) == 0 || b[0] != '[' {
		return false
	}
	depth := 0
	element := false // the next non-blank byte starts an element of b
	inString, escaped := false, false
	for _, c := range b {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			continue
		}
		if element {
			element = false
			if c != '{' && c != ']' {
				return false
			}
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
			element = depth == 1
		case ']', '}':
			depth--
		case ',':
			element = depth == 1
		}
	}
	return true
}

// blankRest reports whether nothing but blank lines is left in br. It
// reads the blank lines it passes (lines of them) and nothing of a line
// that is not blank.
func blankRest(br *bufio.Reader) (rest bool, lines int) {
	n := 0 // blank bytes of the next line, looked at
	for {
		b, err := br.Peek(n + 1)
		if len(b) <= n {
			// The end of the stream (not blank: an error, left to the
			// reading of the next line), or a line of blanks longer than
			// the buffer (not looked further into).
			return err == io.EOF, lines
		}
		switch b[n] {
		case '\n':
			br.Discard(n + 1)
			lines++
			n = 0
		case ' ', '\t', '\r':
			n++
		default:
			return false, lines
		}
	}
}

// arrayErr is the problem of a stream that is a JSON array; format names
// the stream as lines does.
func arrayErr(format string) error {
	return fmt.Errorf("it holds a JSON array, samestory reads JSON Lines (one object per line): convert it first, e.g. %s; skipped", jqCommand(format, "'.[]'"))
}

// prettyErr is the problem of a stream of JSON objects printed over many
// lines, format naming the stream as for arrayErr.
func prettyErr(format string) error {
	return fmt.Errorf("it holds JSON printed over many lines (a line \"{\" alone), samestory reads JSON Lines (one object per line): convert it first, e.g. %s; skipped", jqCommand(format, "."))
}

// jqCommand is the command that turns a stream of the format into JSON
// Lines with jq's filter, decompressing it first if need be.
func jqCommand(format, filter string) string {
	switch format {
	case "gzip stream":
		return "gzip -dc FILE | jq -c " + filter + " > FILE.jsonl"
	case "zstd stream":
		return "zstd -dc FILE | jq -c " + filter + " > FILE.jsonl"
	}
	return "jq -c " + filter + " FILE > FILE.jsonl"
}

// readLine reads one line into buf, without its line end ("\n" or
// "\r\n"). A line whose content is longer than max bytes is consumed but
// not kept: tooLong is then its length. A line of nothing but spaces and
// tabs comes back empty, however long it is.
func readLine(br *bufio.Reader, buf []byte, max int) (line []byte, tooLong int, err error) {
	n := 0        // bytes of the line read so far, line end included
	over := false // more than max+2 bytes: no longer kept
	blank := true // nothing but blanks so far
	lastCR := false
	for {
		chunk, err := br.ReadSlice('\n')
		n += len(chunk)
		if blank {
			for _, c := range chunk {
				if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
					blank = false
					break
				}
			}
		}
		if len(chunk) > 0 {
			lastCR = chunk[len(chunk)-1] == '\r' || len(chunk) > 1 && chunk[len(chunk)-1] == '\n' && chunk[len(chunk)-2] == '\r'
		}
		if !over {
			if len(buf)+len(chunk) <= max+2 {
				buf = append(buf, chunk...)
			} else {
				over, buf = true, buf[:0]
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		ended := err == nil // the line ends with '\n'
		if blank {
			return buf[:0], 0, err
		}
		if over {
			content := n
			if ended {
				content--
				if lastCR {
					content--
				}
			}
			return buf[:0], content, err
		}
		if ended {
			buf = buf[:len(buf)-1]
			if len(buf) > 0 && buf[len(buf)-1] == '\r' {
				buf = buf[:len(buf)-1]
			}
		}
		if len(buf) > max {
			return buf[:0], len(buf), err
		}
		return buf, 0, err
	}
}

// deliver hands one record to the callback. cut is the error that broke
// the stream off in the middle of this record, if it did.
func (p *pass) deliver(pos Pos, raw []byte, tooLong int, format string, cut error) error {
	p.rec = Record{Pos: pos, Seq: p.seq, Raw: raw}
	if cut != nil {
		p.rec.cut = fmt.Errorf("the %s breaks off in it (%v)", format, cut)
	}
	p.seq++
	switch {
	case tooLong > 0:
		p.rec.Raw = nil
		p.rec.Err = tooLongErr("record", int64(tooLong), int64(p.r.opts.MaxRecordBytes))
	case p.parse:
		p.rec.Article, p.members, p.rec.Err = parseJSON(raw, p.names, p.r.opts.Layouts, p.members, nil)
		if p.rec.Err != nil && cut != nil {
			p.rec.Err = recordErr("cut short", "record cut short: the %s breaks off in it (%v)", format, cut)
		}
	}
	return p.fn(&p.rec)
}

// tooLongErr is the error of a record longer than the limit.
func tooLongErr(what string, n, max int64) error {
	return recordErr("too long", "%s of %d bytes is longer than the limit of %d bytes (--max-article-bytes)", what, n, max)
}

// txt reads a .txt file as one article: the id is its path below the
// folder without ".txt", the title its first non-empty line, the text the
// whole file.
func (p *pass) txt(path, key, id string) error {
	if skip, err := p.stamp(path, key); skip || err != nil {
		return err
	}
	pos := Pos{File: path, Line: 1}
	st, err := os.Stat(path)
	if err != nil {
		return p.problem(pos, err)
	}
	if st.Size() > int64(p.r.opts.MaxRecordBytes) {
		p.rec = Record{Pos: pos, Seq: p.seq, Err: tooLongErr("file", st.Size(), int64(p.r.opts.MaxRecordBytes))}
		p.seq++
		p.r.done.Add(st.Size())
		return p.fn(&p.rec)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return p.problem(pos, err)
	}
	p.r.done.Add(int64(len(data)))
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	bad := invalidUTF8(data)
	var text string
	if bad > 0 {
		text = replaceInvalid(data)
	} else {
		text = string(data)
	}
	title := ""
	for _, l := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(l); t != "" {
			title = t
			break
		}
	}
	obj := struct {
		ID    string `json:"id"`
		File  string `json:"file"`
		Title string `json:"title"`
		Text  string `json:"text"`
	}{id, filepath.ToSlash(path), title, text}
	raw, err := json.Marshal(obj)
	if err != nil {
		return p.problem(pos, err)
	}
	p.rec = Record{Pos: pos, Seq: p.seq, Raw: raw}
	p.seq++
	if notUTF8(bad, len(data)) {
		p.rec.Err = recordErr("not UTF-8", "file is not UTF-8 (%d of %d bytes are not valid UTF-8): "+
			"is it Windows-1256, Latin-1 or another legacy encoding? Convert it first, e.g. iconv -f WINDOWS-1256 -t UTF-8", bad, len(data))
	} else if p.parse {
		p.rec.Article = Article{ID: id, Title: title, Text: text}
	}
	return p.fn(&p.rec)
}

// countingReader counts the bytes read through it, in n and in read.
type countingReader struct {
	r    io.Reader
	n    *atomic.Int64
	read int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	c.read += int64(n)
	return n, err
}
