// English function words: a French text that holds any of them has a sentence left in
// English. Words French also uses ("a", "on", "or", "an", "as", "us", "do") are left out.
export const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'the and of to you your we our is are was were be been this that these those with for ' +
    'from have has had will would should not any it its by which who what when where there ' +
    'their they them before after only may can must please if about into than then does did ' +
    'shall could such each other all how why here his her'
  ).split(' '),
);

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length > 0);
}

// The English function words found in a (French) text, each once.
export function englishWordsIn(text: string): string[] {
  return [...new Set(words(text).filter((w) => ENGLISH_FUNCTION_WORDS.has(w)))];
}

// Sentences of at least `minWords` words, normalised, for comparing two languages' texts.
export function sentences(text: string, minWords = 4): string[] {
  return text
    .split(/[.!?;:\n]+/)
    .map((s) => words(s).join(' '))
    .filter((s) => s.split(' ').length >= minWords);
}

// French sentences that are the same, word for word, as a sentence of the English text.
export function sharedSentences(french: string, english: string): string[] {
  const en = new Set(sentences(english));
  return sentences(french).filter((s) => en.has(s));
}
