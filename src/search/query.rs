//! The query language of the search box: words, "phrases", prefix*, AND / OR / NOT, brackets.
//!
//! Words next to each other must all occur (an implicit AND). AND, OR and NOT are operators only
//! in capitals; NOT binds tightest, then AND, then OR: `a OR b c` is `a OR (b AND c)`. They
//! combine whole documents (or memos): `school NOT university` finds "school" in the documents
//! that never say "university". A malformed query is a [`QueryError`] naming what is wrong and
//! where (characters counted from 1).

use super::words::{fold, is_han, tokens};

/// What is wrong with a query, in words for the researcher who typed it. Positions count
/// characters from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Nothing typed.
    #[error("type a word or a \"phrase\" to search for")]
    Empty,
    /// Only punctuation typed.
    #[error("nothing to search for: “{0}” has no letters or digits")]
    NoWords(String),
    /// A `"` without its partner.
    #[error("the quote at character {at} is never closed; add a closing \"")]
    UnclosedQuote {
        /// Where, counted in characters from the start of the query.
        at: usize,
    },
    /// `""`.
    #[error("the quotes at character {at} hold no words")]
    EmptyPhrase {
        /// Where, counted in characters from the start of the query.
        at: usize,
    },
    /// `AND school`, `a AND OR b`, or a leading `NOT`.
    #[error("{op} at character {at} needs a word before it, as in: school {op} university")]
    NothingBefore {
        /// The operator.
        op: &'static str,
        /// Where, counted in characters from the start of the query.
        at: usize,
    },
    /// `school OR`.
    #[error("{op} at character {at} needs a word after it, as in: school {op} university")]
    NothingAfter {
        /// The operator.
        op: &'static str,
        /// Where, counted in characters from the start of the query.
        at: usize,
    },
    /// `(a OR b`.
    #[error("the bracket at character {at} is never closed; add a “)”")]
    UnclosedBracket {
        /// Where, counted in characters from the start of the query.
        at: usize,
    },
    /// `a)`.
    #[error("the bracket at character {at} closes nothing; remove it or add a “(” before it")]
    StrayBracket {
        /// Where, counted in characters from the start of the query.
        at: usize,
    },
    /// `()`.
    #[error("the brackets at character {at} hold nothing")]
    EmptyBrackets {
        /// Where, counted in characters from the start of the query.
        at: usize,
    },
    /// `te*ach`, a lone `*`.
    #[error("“*” at character {at} belongs at the end of a word, as in: teach*")]
    MisplacedStar {
        /// Where, counted in characters from the start of the query.
        at: usize,
    },
    /// The regular expression does not parse (or is too large).
    #[error("not a valid regular expression: {reason}{}", at.map(|a| format!(" (at character {a})")).unwrap_or_default())]
    Regex {
        /// What the regular-expression parser said.
        reason: String,
        /// Where, if it said, counted in characters.
        at: Option<usize>,
    },
}

/// One word of a phrase, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    pub term: String,
    /// `teach*`: any word that starts with `term`.
    pub prefix: bool,
    /// Written without a space after the previous element (two Han characters of one word):
    /// the text must have them side by side too.
    pub glued: bool,
}

/// Words that must occur one after the other (a single word is a phrase of one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Phrase {
    pub elements: Vec<Element>,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Phrase(Phrase),
    And(Vec<Node>),
    Or(Vec<Node>),
    /// Documents matching the first and not the second.
    Not(Box<Node>, Box<Node>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lexeme {
    Words(Phrase),
    And,
    Or,
    Not,
    Open,
    Close,
}

#[derive(Debug, Clone)]
struct Token {
    lexeme: Lexeme,
    /// 1-based character position in the query.
    at: usize,
}

/// Turns the words of `text` (a bare word or the inside of quotes) into phrase elements.
/// `prefix`: the last word ended in `*`.
fn elements(text: &str, prefix: bool, into: &mut Vec<Element>, first_glued: bool) {
    let mut previous_end: Option<(usize, bool)> = None;
    let start = into.len();
    tokens(text, |span| {
        let word = &text[span.byte_start..span.byte_end];
        let han = word.chars().all(is_han);
        let glued = match previous_end {
            Some((end, previous_han)) => end == span.start && han && previous_han,
            None => first_glued,
        };
        into.push(Element {
            term: fold(word),
            prefix: false,
            glued,
        });
        previous_end = Some((span.end, han));
    });
    if prefix
        && into.len() > start
        && let Some(last) = into.last_mut()
    {
        last.prefix = true;
    }
}

fn lex(query: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' || c == ')' {
            out.push(Token {
                lexeme: if c == '(' {
                    Lexeme::Open
                } else {
                    Lexeme::Close
                },
                at,
            });
            i += 1;
        } else if c == '"' {
            let close = chars[i + 1..]
                .iter()
                .position(|&c| c == '"')
                .ok_or(QueryError::UnclosedQuote { at })?;
            let inside: String = chars[i + 1..i + 1 + close].iter().collect();
            let mut elements_out = Vec::new();
            for word in inside.split_whitespace() {
                let (word, prefix) = split_star(word, at)?;
                elements(word, prefix, &mut elements_out, false);
            }
            if elements_out.is_empty() {
                return Err(QueryError::EmptyPhrase { at });
            }
            out.push(Token {
                lexeme: Lexeme::Words(Phrase {
                    elements: elements_out,
                }),
                at,
            });
            i += close + 2;
        } else {
            let mut j = i;
            while j < chars.len()
                && !chars[j].is_whitespace()
                && !matches!(chars[j], '(' | ')' | '"')
            {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            let lexeme = match word.as_str() {
                "AND" => Some(Lexeme::And),
                "OR" => Some(Lexeme::Or),
                "NOT" => Some(Lexeme::Not),
                _ => {
                    let (bare, prefix) = split_star(&word, at)?;
                    let mut elements_out = Vec::new();
                    elements(bare, prefix, &mut elements_out, false);
                    // A word of punctuation only (a dash, “…”) says nothing to search for.
                    (!elements_out.is_empty()).then_some(Lexeme::Words(Phrase {
                        elements: elements_out,
                    }))
                }
            };
            if let Some(lexeme) = lexeme {
                out.push(Token { lexeme, at });
            }
            i = j;
        }
    }
    Ok(out)
}

/// `teach*` → ("teach", true). A star anywhere else, or alone, is an error at its position
/// (counted from `at`, the word's position).
fn split_star(word: &str, at: usize) -> Result<(&str, bool), QueryError> {
    let (bare, prefix) = match word.strip_suffix('*') {
        Some(bare) => (bare, true),
        None => (word, false),
    };
    if let Some(pos) = bare.chars().position(|c| c == '*') {
        return Err(QueryError::MisplacedStar { at: at + pos });
    }
    if prefix && !bare.chars().any(char::is_alphanumeric) {
        return Err(QueryError::MisplacedStar {
            at: at + bare.chars().count(),
        });
    }
    Ok((bare, prefix))
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    /// Position just after the query, for "at the end" errors.
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn op_name(lexeme: &Lexeme) -> &'static str {
        match lexeme {
            Lexeme::And => "AND",
            Lexeme::Or => "OR",
            Lexeme::Not => "NOT",
            _ => "",
        }
    }

    fn or_expr(&mut self) -> Result<Node, QueryError> {
        let mut parts = vec![self.and_expr()?];
        while let Some(token) = self.peek() {
            if token.lexeme != Lexeme::Or {
                break;
            }
            let at = token.at;
            self.next += 1;
            parts.push(self.operand("OR", at)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Node::Or(parts)
        })
    }

    /// The right side of a binary operator: an AND-expression that must be there.
    fn operand(&mut self, op: &'static str, at: usize) -> Result<Node, QueryError> {
        match self.peek() {
            None => Err(QueryError::NothingAfter { op, at }),
            Some(t) if t.lexeme == Lexeme::Close => Err(QueryError::NothingAfter { op, at }),
            Some(t) if matches!(t.lexeme, Lexeme::And | Lexeme::Or | Lexeme::Not) => {
                Err(QueryError::NothingBefore {
                    op: Self::op_name(&t.lexeme),
                    at: t.at,
                })
            }
            Some(_) => {
                if op == "OR" {
                    self.and_expr()
                } else {
                    self.primary()
                }
            }
        }
    }

    fn and_expr(&mut self) -> Result<Node, QueryError> {
        let mut node = self.primary()?;
        let mut all = Vec::new();
        while let Some(token) = self.peek() {
            let at = token.at;
            match token.lexeme {
                Lexeme::Or | Lexeme::Close => break,
                Lexeme::And => {
                    self.next += 1;
                    all.push(std::mem::replace(&mut node, self.operand("AND", at)?));
                }
                Lexeme::Not => {
                    self.next += 1;
                    let negative = self.operand("NOT", at)?;
                    let positive = if all.is_empty() {
                        node
                    } else {
                        all.push(node);
                        Node::And(std::mem::take(&mut all))
                    };
                    node = Node::Not(Box::new(positive), Box::new(negative));
                }
                Lexeme::Words(_) | Lexeme::Open => {
                    all.push(std::mem::replace(&mut node, self.primary()?));
                }
            }
        }
        if all.is_empty() {
            Ok(node)
        } else {
            all.push(node);
            Ok(Node::And(all))
        }
    }

    fn primary(&mut self) -> Result<Node, QueryError> {
        let Some(token) = self.tokens.get(self.next).cloned() else {
            return Err(QueryError::Empty);
        };
        self.next += 1;
        match token.lexeme {
            Lexeme::Words(phrase) => Ok(Node::Phrase(phrase)),
            Lexeme::Open => {
                if self.peek().is_some_and(|t| t.lexeme == Lexeme::Close) {
                    return Err(QueryError::EmptyBrackets { at: token.at });
                }
                if self.peek().is_none() {
                    return Err(QueryError::UnclosedBracket { at: token.at });
                }
                let inner = self.or_expr()?;
                match self.peek() {
                    Some(t) if t.lexeme == Lexeme::Close => {
                        self.next += 1;
                        Ok(inner)
                    }
                    _ => Err(QueryError::UnclosedBracket { at: token.at }),
                }
            }
            Lexeme::Close => Err(QueryError::StrayBracket { at: token.at }),
            op @ (Lexeme::And | Lexeme::Or | Lexeme::Not) => Err(QueryError::NothingBefore {
                op: Self::op_name(&op),
                at: token.at,
            }),
        }
    }
}

/// Parses a query in the search box's language.
pub(crate) fn parse(query: &str) -> Result<Node, QueryError> {
    if query.trim().is_empty() {
        return Err(QueryError::Empty);
    }
    let tokens = lex(query)?;
    if tokens.is_empty() {
        return Err(QueryError::NoWords(query.trim().to_owned()));
    }
    let mut parser = Parser {
        tokens,
        next: 0,
        end: query.chars().count() + 1,
    };
    let node = parser.or_expr()?;
    match parser.peek() {
        None => Ok(node),
        Some(t) if t.lexeme == Lexeme::Close => Err(QueryError::StrayBracket { at: t.at }),
        Some(t) => Err(QueryError::NothingBefore {
            op: Parser::op_name(&t.lexeme),
            at: t.at.min(parser.end),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(term: &str) -> Node {
        Node::Phrase(Phrase {
            elements: vec![Element {
                term: term.to_owned(),
                prefix: false,
                glued: false,
            }],
        })
    }

    #[test]
    fn words_next_to_each_other_must_all_occur() {
        assert_eq!(
            parse("School  Алматы").unwrap(),
            Node::And(vec![word("school"), word("алматы")])
        );
    }

    #[test]
    fn not_binds_tighter_than_and_and_and_tighter_than_or() {
        assert_eq!(
            parse("a OR b c NOT d").unwrap(),
            Node::Or(vec![
                word("a"),
                Node::Not(
                    Box::new(Node::And(vec![word("b"), word("c")])),
                    Box::new(word("d"))
                )
            ])
        );
        assert_eq!(
            parse("(a OR b) AND c").unwrap(),
            Node::And(vec![Node::Or(vec![word("a"), word("b")]), word("c")])
        );
        // Lower-case operators are ordinary words.
        assert_eq!(
            parse("war and peace").unwrap(),
            Node::And(vec![word("war"), word("and"), word("peace")])
        );
    }

    #[test]
    fn phrases_prefixes_and_glued_han_characters() {
        let Node::Phrase(p) = parse("\"тарихи ота*\"").unwrap() else {
            panic!("not a phrase")
        };
        assert_eq!(p.elements.len(), 2);
        assert!(p.elements[1].prefix && !p.elements[0].prefix);
        let Node::Phrase(p) = parse("牧民").unwrap() else {
            panic!("not a phrase")
        };
        assert_eq!(
            p.elements
                .iter()
                .map(|e| (e.term.as_str(), e.glued))
                .collect::<Vec<_>>(),
            [("牧", false), ("民", true)]
        );
        let Node::Phrase(p) = parse("\"伊犁 牧民\"").unwrap() else {
            panic!("not a phrase")
        };
        assert_eq!(
            p.elements.iter().map(|e| e.glued).collect::<Vec<_>>(),
            [false, true, false, true]
        );
        // A hyphenated word is a phrase of its parts.
        let Node::Phrase(p) = parse("кое-что").unwrap() else {
            panic!("not a phrase")
        };
        assert_eq!(p.elements.len(), 2);
    }

    #[test]
    fn malformed_queries_say_what_and_where() {
        let cases = [
            ("", QueryError::Empty),
            ("   ", QueryError::Empty),
            ("school \"tarihi", QueryError::UnclosedQuote { at: 8 }),
            ("\"  \" x", QueryError::EmptyPhrase { at: 1 }),
            ("AND school", QueryError::NothingBefore { op: "AND", at: 1 }),
            ("school OR", QueryError::NothingAfter { op: "OR", at: 8 }),
            ("NOT school", QueryError::NothingBefore { op: "NOT", at: 1 }),
            ("a AND OR b", QueryError::NothingBefore { op: "OR", at: 7 }),
            ("(a OR b", QueryError::UnclosedBracket { at: 1 }),
            ("a OR b)", QueryError::StrayBracket { at: 7 }),
            ("a () b", QueryError::EmptyBrackets { at: 3 }),
            ("(a NOT)", QueryError::NothingAfter { op: "NOT", at: 4 }),
            ("te*ach", QueryError::MisplacedStar { at: 3 }),
            ("a *", QueryError::MisplacedStar { at: 3 }),
            ("— …", QueryError::NoWords("— …".to_owned())),
        ];
        for (query, expected) in cases {
            assert_eq!(parse(query).unwrap_err(), expected, "query {query:?}");
        }
    }
}
