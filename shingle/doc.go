// Package shingle turns article text into the units samestory compares:
// normalised text ([Normalizer]), lines that carry content rather than
// boilerplate ([Boilerplate]), words and their light stems ([Words],
// [Stem], [IsStopword]) and shingles hashed with xxhash ([WordShingles],
// [CharShingles]).
//
// Every function works on normalised text: run [Normalizer.Append] first.
// Arabic is handled as a first-class script: orthographic variants that
// writers use interchangeably (hamza forms of alef, alef maqsura, teh
// marbuta), diacritics, tatweel and Arabic-Indic digits are folded so that
// two renditions of the same text compare equal.
package shingle
