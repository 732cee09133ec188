package samestory

import (
	"context"
	"errors"
	"fmt"

	"github.com/samestory/samestory/cluster"
)

// PairEvidence is what samestory saw between two articles.
type PairEvidence struct {
	A, B string // the articles' ids
	cluster.Evidence
}

// Explain reads the inputs (if Run has not), groups the articles and
// returns the evidence for each pair of article ids: how much text they
// share, how similar they are at the story level, and whether they ended
// up in one near-duplicate group and one story. An unknown id is an error.
func (j *Job) Explain(ctx context.Context, pairs [][2]string) ([]PairEvidence, error) {
	if j.dropped {
		return nil, errors.New("samestory: Explain after Run on 65,536 articles or more: Run lets the features go; call Group, Write and Explain instead")
	}
	if err := j.read(ctx); err != nil {
		return nil, err
	}
	nums := make([][2]int, len(pairs))
	for i, p := range pairs {
		for k, id := range p {
			n, ok := j.ids.get(id, hashID(id), j.docID)
			if !ok {
				return nil, fmt.Errorf("samestory: no article with id %q in the inputs", id)
			}
			nums[i][k] = int(n)
		}
	}
	ev, err := cluster.Explain(j.docs, j.clusterOptions(), nums)
	if err != nil {
		return nil, err
	}
	out := make([]PairEvidence, len(ev))
	for i, e := range ev {
		out[i] = PairEvidence{A: pairs[i][0], B: pairs[i][1], Evidence: e}
	}
	return out, nil
}
