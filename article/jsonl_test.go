package article

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseFields(t *testing.T) {
	date := utc(2015, 3, 4, 5, 6, 7, 0)
	day := utc(2015, 3, 4, 0, 0, 0, 0)
	for _, c := range []struct {
		name   string
		line   string
		fields Fields
		want   Article
	}{
		{
			name: "default names",
			line: `{"id":"a1","title":"T","text":"the text","source":"S","url":"https://x.org/1","published":"2015-03-04T05:06:07Z"}`,
			want: Article{ID: "a1", Title: "T", Text: "the text", Source: "S", URL: "https://x.org/1", Published: date},
		},
		{
			name: "_id headline content date",
			line: `{"_id":"b","headline":"H","content":"C","date":"2015-03-04"}`,
			want: Article{ID: "b", Title: "H", Text: "C", Published: day},
		},
		{
			name: "body published_at",
			line: `{"id":"c","body":"B","published_at":"2015-03-04 05:06:07"}`,
			want: Article{ID: "c", Text: "B", Published: date},
		},
		{
			name: "date_extracted",
			line: `{"id":"c2","maintext":"M","date_extracted":"2015-03-04T05:06:07"}`,
			want: Article{ID: "c2", Text: "M", Published: date},
		},
		{
			name: "first candidate wins over later ones",
			line: `{"body":"B","_id":"other","text":"T","id":"x","date":"2016-01-01","published":"2015-03-04"}`,
			want: Article{ID: "x", Text: "T", Published: day},
		},
		{
			name:   "Fields override text",
			line:   `{"id":"d","text":"ignored","article_body":"AB"}`,
			fields: Fields{Text: "article_body"},
			want:   Article{ID: "d", Text: "AB"},
		},
		{
			name:   "Fields override all",
			line:   `{"id":"no","key":"k","t":"TT","x":"XX","when":"2015-03-04","from":"F","link2":"https://www.y.org/"}`,
			fields: Fields{ID: "key", Title: "t", Text: "x", Date: "when", Source: "from", URL: "link2"},
			want:   Article{ID: "k", Title: "TT", Text: "XX", Published: day, Source: "F", URL: "https://www.y.org/"},
		},
		{
			name:   "Fields override not present leaves part empty",
			line:   `{"id":"e","text":"T"}`,
			fields: Fields{Text: "article_body"},
			want:   Article{ID: "e"},
		},
		{name: "numeric id", line: `{"id":123}`, want: Article{ID: "123"}},
		{name: "negative id", line: `{"id":-5}`, want: Article{ID: "-5"}},
		{name: "exponent id keeps literal", line: `{"id":1e3}`, want: Article{ID: "1e3"}},
		{name: "fraction id keeps literal", line: `{"id":10.50}`, want: Article{ID: "10.50"}},
		{name: "numeric id under Fields", line: `{"n":7, "id":"x"}`, fields: Fields{ID: "n"}, want: Article{ID: "7"}},
		{
			name: "text as array of strings",
			line: `{"id":"f","text":["p1","p2","","p3"]}`,
			want: Article{ID: "f", Text: "p1\np2\n\np3"},
		},
		{name: "text empty array", line: `{"id":"f2","text":[]}`, want: Article{ID: "f2"}},
		{
			name: "null values are missing",
			line: `{"id":null,"_id":"g","title":null,"headline":"H","text":null,"content":"C","published":null,"date":"2015-03-04"}`,
			want: Article{ID: "g", Title: "H", Text: "C", Published: day},
		},
		{name: "null only", line: `{"id":"g2","text":null,"url":null}`, want: Article{ID: "g2"}},
		{
			name: "last of repeated keys wins",
			line: `{"id":"first","text":"a","id":"second","text":"b"}`,
			want: Article{ID: "second", Text: "b"},
		},
		{
			name: "repeated key, last null",
			line: `{"id":"h","title":"x","title":null,"headline":"H"}`,
			want: Article{ID: "h", Title: "H"},
		},
		{
			name: "escaped keys",
			line: `{"\u0069d":"i1","t\u0069tle":"T","\u0074ext":"X"}`,
			want: Article{ID: "i1", Title: "T", Text: "X"},
		},
		{
			name: "escapes in values decoded",
			line: `{"id":"caf\u00e9","title":"a \"q\" \\ b","text":"l1\nl2\t\ud83d\ude00 \/"}`,
			want: Article{ID: "café", Title: `a "q" \ b`, Text: "l1\nl2\t😀 /"},
		},
		{
			name: "raw UTF-8 in values",
			line: `{"id":"ü-1","text":"Grüße, 世界"}`,
			want: Article{ID: "ü-1", Text: "Grüße, 世界"},
		},
		{
			name: "whitespace inside the object",
			line: "  { \"id\" : \"w\" ,\t\"text\" : [ \"a\" , \"b\" ] , \"n\" : { \"id\" : \"inner\" } }",
			want: Article{ID: "w", Text: "a\nb"},
		},
		{
			name: "nested id is not the record's",
			line: `{"meta":{"id":"inner"},"_id":"outer","text":"{\"id\":\"s\"}"}`,
			want: Article{ID: "outer", Text: `{"id":"s"}`},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := parseLine(t, c.line, Options{Fields: c.fields})
			if r.Err != nil {
				t.Fatalf("Err = %v", r.Err)
			}
			if r.Article.DateErr != nil {
				t.Errorf("DateErr = %v", r.Article.DateErr)
			}
			got := r.Article
			got.DateErr = nil
			if !got.Published.Equal(c.want.Published) {
				t.Errorf("Published = %v, want %v", got.Published, c.want.Published)
			}
			got.Published, c.want.Published = time.Time{}, time.Time{}
			if got != c.want {
				t.Errorf("Article =\n %#v\nwant\n %#v", got, c.want)
			}
			if r.Raw != strings.TrimRight(c.line, " ") {
				t.Errorf("Raw = %q, want the line %q", r.Raw, c.line)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, c := range []struct {
		name   string
		line   string
		fields Fields
		want   []string // substrings of Err
		not    []string // not in Err
	}{
		{name: "id bool", line: `{"id":true}`, want: []string{`"id"`, "want a string or a number"}},
		{name: "id object", line: `{"_id":{"$oid":"5"}}`, want: []string{`"_id"`}},
		{name: "id array", line: `{"id":["a"]}`, want: []string{`"id"`}},
		{name: "id empty string", line: `{"id":""}`, want: []string{`"id"`, "empty"}},
		{name: "id blank string", line: `{"id":"  "}`, want: []string{`"id"`, "empty"}},
		{
			name: "no id",
			line: `{"title":"T","text":"x"}`,
			want: []string{"no id", `"id"`, `"_id"`, `"doc_id"`, `"article_id"`, `"guid"`, `"uuid"`},
		},
		{name: "id only null", line: `{"id":null,"text":"x"}`, want: []string{"no id"}},
		{
			name:   "no id under Fields",
			line:   `{"id":"x"}`,
			fields: Fields{ID: "key"},
			want:   []string{"no id", `"key"`},
			not:    []string{`"_id"`},
		},
		{name: "text number", line: `{"id":"a","text":5}`, want: []string{`"text"`, "string"}},
		{name: "text object", line: `{"id":"a","body":{"p":"x"}}`, want: []string{`"body"`}},
		{name: "text array of numbers", line: `{"id":"a","text":["x",1]}`, want: []string{`"text"`, "array of strings"}},
		{name: "title number", line: `{"id":"a","title":1}`, want: []string{`"title"`}},
		{name: "url bool", line: `{"id":"a","url":false}`, want: []string{`"url"`}},
		{name: "source number", line: `{"id":"a","source":2}`, want: []string{`"source"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := parseLine(t, c.line, Options{Fields: c.fields})
			if r.Err == nil {
				t.Fatalf("Err = nil, Article = %#v; want an error", r.Article)
			}
			msg := r.Err.Error()
			if miss := containsAll(msg, c.want...); miss != "" {
				t.Errorf("Err %q does not mention %q", msg, miss)
			}
			for _, n := range c.not {
				if strings.Contains(msg, n) {
					t.Errorf("Err %q mentions %q", msg, n)
				}
			}
			if r.Raw != c.line {
				t.Errorf("Raw = %q, want the line", r.Raw)
			}
		})
	}
}

func TestParseDates(t *testing.T) {
	for _, c := range []struct {
		name    string
		line    string
		layouts []string
		want    time.Time
		dateErr string // substring of DateErr; "" means none
	}{
		{name: "good", line: `{"id":"a","published":"2015-03-04T05:06:07+01:00"}`, want: utc(2015, 3, 4, 4, 6, 7, 0)},
		{name: "escaped", line: `{"id":"a","date":"2015\u002d03\u002d04"}`, want: utc(2015, 3, 4, 0, 0, 0, 0)},
		{name: "none", line: `{"id":"a"}`},
		{name: "garbage", line: `{"id":"a","published":"yesterday"}`, dateErr: `"published"`},
		{name: "day first not guessed", line: `{"id":"a","date":"31/12/2015"}`, dateErr: `"date"`},
		{name: "empty string is no date", line: `{"id":"a","date":""}`},
		{name: "blank string is no date", line: `{"id":"a","date":" \t\u00a0"}`},
		{name: "empty string: the next field is read", line: `{"id":"a","published":"","date":"2015-03-04"}`, want: utc(2015, 3, 4, 0, 0, 0, 0)},
		{name: "number", line: `{"id":"a","date":1425445567}`, dateErr: `"date"`},
		{name: "bool", line: `{"id":"a","published_at":true}`, dateErr: `"published_at"`},
		{name: "object", line: `{"id":"a","date":{"$date":"2015-03-04"}}`, dateErr: `"date"`},
		{
			name:    "custom layout",
			line:    `{"id":"a","date":"31/12/2015"}`,
			layouts: []string{"02/01/2006"},
			want:    utc(2015, 12, 31, 0, 0, 0, 0),
		},
		{
			name:    "custom layouts replace the defaults",
			line:    `{"id":"a","date":"2015-12-31"}`,
			layouts: []string{"02/01/2006"},
			dateErr: `"date"`,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := parseLine(t, c.line, Options{Layouts: c.layouts})
			if r.Err != nil {
				t.Fatalf("Err = %v; a bad date must not reject the record", r.Err)
			}
			if r.Article.ID != "a" {
				t.Errorf("ID = %q", r.Article.ID)
			}
			if c.dateErr == "" {
				if r.Article.DateErr != nil {
					t.Errorf("DateErr = %v", r.Article.DateErr)
				}
				if !r.Article.Published.Equal(c.want) {
					t.Errorf("Published = %v, want %v", r.Article.Published, c.want)
				}
				if !c.want.IsZero() && r.Article.Published.Location() != time.UTC {
					t.Errorf("Published %v is not in UTC", r.Article.Published)
				}
				return
			}
			if r.Article.DateErr == nil {
				t.Fatalf("DateErr = nil, Published = %v; want an error mentioning %s", r.Article.Published, c.dateErr)
			}
			if !strings.Contains(r.Article.DateErr.Error(), c.dateErr) {
				t.Errorf("DateErr %q does not mention %s", r.Article.DateErr, c.dateErr)
			}
			if !r.Article.Published.IsZero() {
				t.Errorf("Published = %v with a DateErr, want zero", r.Article.Published)
			}
		})
	}
}

func TestSourceFromURL(t *testing.T) {
	for _, c := range []struct {
		line string
		want string
	}{
		{`{"id":"a","url":"https://www.example.com/news/1"}`, "example.com"},
		{`{"id":"a","url":"http://WWW.Example.COM/x"}`, "example.com"},
		{`{"id":"a","url":"https://news.example.co.uk?x=1"}`, "news.example.co.uk"},
		{`{"id":"a","url":"https://user:pw@www.example.org/a@b"}`, "example.org"},
		{`{"id":"a","url":"https://www.example.com"}`, "example.com"},
		{`{"id":"a","url":"https://www.example.com#comments"}`, "example.com"},
		{`{"id":"a","url":"https://wwwexample.com/"}`, "wwwexample.com"},
		{`{"id":"a","link":"https://www.example.net/"}`, "example.net"},
		{`{"id":"a","url":"not a url"}`, ""},
		{`{"id":"a","url":""}`, ""},
		{`{"id":"a"}`, ""},
		{`{"id":"a","source":"The Paper","url":"https://www.example.com/"}`, "The Paper"},
		{`{"id":"a","site":"S","url":"https://www.example.com/"}`, "S"},
		{`{"id":"a","source":null,"url":"https://www.example.com/"}`, "example.com"},
	} {
		r := parseLine(t, c.line, Options{})
		if r.Err != nil {
			t.Errorf("%s: Err = %v", c.line, r.Err)
			continue
		}
		if r.Article.Source != c.want {
			t.Errorf("%s: Source = %q, want %q", c.line, r.Article.Source, c.want)
		}
	}
}

// TestParseText: ParseText gives the title and text that Parse puts in
// the Article, and the rest of the Article as Parse does, record after
// record with one Parser (whose memory they share).
func TestParseText(t *testing.T) {
	lines := []string{
		`{"id":"a","title":"T","text":"the text","published":"2015-03-04"}`,
		`{"id":"b","text":"no title"}`,
		`{"id":"c","title":"only a title"}`,
		`{"id":"d","title":"\"q\" \\ \/","text":"line\nline\t\u0041\u00e9\u0628 \ud83d\ude00 \ud83d lone"}`,
		`{"id":"e","content":["paragraph one","paragraph two"],"headline":"H"}`,
		"{\"id\":\"f\",\"title\":\"stray \xff byte\",\"text\":\"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \xfe\"}",
		`{"id":"g","title":"خبر","text":"نص \"مقتبس\"\nسطر"}`,
		`{"id":"h","title":1,"text":"x"}`, // rejected: a title that is not text
		`{"title":"no id"}`,               // rejected
		`{"id":"i","title":"","text":""}`,
	}
	r, err := NewReader([]string{"-"}, strings.NewReader(""), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p, q := r.NewParser(), r.NewParser()
	for _, l := range lines {
		want := Record{Raw: []byte(l)}
		p.Parse(&want)
		got := Record{Raw: []byte(l)}
		title, text := q.ParseText(&got)
		if (got.Err == nil) != (want.Err == nil) || got.Err != nil && got.Err.Error() != want.Err.Error() {
			t.Errorf("%s: ParseText error %v, Parse error %v", l, got.Err, want.Err)
			continue
		}
		if got.Err != nil {
			if title != nil || text != nil {
				t.Errorf("%s: rejected, and still a title %q and a text %q", l, title, text)
			}
			continue
		}
		if string(title) != want.Article.Title || string(text) != want.Article.Text {
			t.Errorf("%s: ParseText gives %q, %q; Parse %q, %q", l, title, text, want.Article.Title, want.Article.Text)
		}
		if got.Article.Title != "" || got.Article.Text != "" {
			t.Errorf("%s: ParseText left title %q and text %q in the Article", l, got.Article.Title, got.Article.Text)
		}
		got.Article.Title, got.Article.Text = want.Article.Title, want.Article.Text
		if !reflect.DeepEqual(got.Article, want.Article) {
			t.Errorf("%s: ParseText's Article %+v, Parse's %+v", l, got.Article, want.Article)
		}
		// Appending to the title must not overwrite the text.
		if len(text) > 0 {
			first := text[0]
			_ = append(title, '!')
			if text[0] != first {
				t.Errorf("%s: the title's capacity reaches into the text", l)
			}
		}
	}

	// A record parsed already keeps its Article; the two are copies.
	done := Record{Article: Article{ID: "x", Title: "T", Text: "body"}}
	title, text := q.ParseText(&done)
	if string(title) != "T" || string(text) != "body" || done.Article.Title != "T" || done.Article.Text != "body" {
		t.Errorf("parsed record: ParseText gives %q, %q and leaves %+v", title, text, done.Article)
	}
}
