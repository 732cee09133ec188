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
	text    textOut // ParseText's
}

// NewParser returns a Parser with the Reader's options.
func (r *Reader) NewParser() *Parser { return &Parser{opts: r.opts, names: r.opts.Fields.names()} }

// Parse fills in rec.Article, or rec.Err, from rec.Raw. A record already
// rejected by the reader (rec.Err set) is left as it is.
func (p *Parser) Parse(rec *Record) {
	if rec.Err != nil || rec.Raw == nil {
		return
	}
	rec.Article, p.members, rec.Err = parseJSON(rec.Raw, p.names, p.opts.Layouts, p.members, nil)
	p.cutShort(rec)
}

// ParseText is Parse for a caller that reads a record's title and text
// once, before it parses the next: they are decoded into the Parser's
// own memory and returned, rather than copied into strings, and
// rec.Article's Title and Text are left empty. They are valid until the
// next call of ParseText. A record parsed already (rec.Raw nil) keeps its
// Title and Text, and the two returned are copies of them; a rejected
// record has neither.
func (p *Parser) ParseText(rec *Record) (title, text []byte) {
	switch {
	case rec.Err != nil:
		return nil, nil
	case rec.Raw == nil:
		a := &rec.Article
		p.text.buf = append(append(p.text.buf[:0], a.Title...), a.Text...)
		p.text.title = len(a.Title)
	default:
		rec.Article, p.members, rec.Err = parseJSON(rec.Raw, p.names, p.opts.Layouts, p.members, &p.text)
		if p.cutShort(rec) {
			return nil, nil
		}
	}
	t := p.text.title
	return p.text.buf[:t:t], p.text.buf[t:]
}

// cutShort tells a record cut short by the reader as such, when it was
// rejected, and reports whether it was rejected.
func (p *Parser) cutShort(rec *Record) bool {
	if rec.Err != nil && rec.cut != nil {
		rec.Err = recordErr("cut short", "record cut short: %v", rec.cut)
	}
	return rec.Err != nil
}
