package article

// Parser parses records that Each delivered unparsed, so that a caller
// can copy them (Record.Raw is only valid during the callback) and parse
// them on several goroutines. Parse gives the same result as Each with
// parse set. A Parser holds scratch space and is not safe for concurrent
// use: use one per goroutine.
type Parser struct {
	opts    Options
	names   *fieldNames
	members []member
}

// NewParser returns a Parser with the Reader's options.
func (r *Reader) NewParser() *Parser { return &Parser{opts: r.opts, names: r.opts.Fields.names()} }

// Parse fills in rec.Article, or rec.Err, from rec.Raw. A record already
// rejected by the reader (rec.Err set) is left as it is.
func (p *Parser) Parse(rec *Record) {
	if rec.Err != nil || rec.Raw == nil {
		return
	}
	rec.Article, p.members, rec.Err = parseJSON(rec.Raw, p.names, p.opts.Layouts, p.members)
	if rec.Err != nil && rec.cut != nil {
		rec.Err = recordErr("cut short", "record cut short: %v", rec.cut)
	}
}
