//! The room's personal links: one unguessable token per stakeholder (160 random bits),
//! looked up in constant time, re-issued on request (the old one then answers 410), and each
//! link's QR code.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// Random bytes in a token: 160 bits, more than the 128 the threat model asks for.
const TOKEN_BYTES: usize = 20;

/// What a token presented to the room turns out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Valid(Uuid),
    /// A link that was re-issued: it no longer works.
    Revoked,
    Unknown,
}

/// The tokens of one open room.
#[derive(Debug, Default)]
pub struct Tokens {
    current: HashMap<Uuid, String>,
    revoked: Vec<String>,
}

impl Tokens {
    /// A fresh token for each stakeholder.
    pub fn issue(stakeholders: &[Uuid]) -> std::io::Result<Self> {
        let mut tokens = Self::default();
        for id in stakeholders {
            tokens.current.insert(*id, new_token()?);
        }
        Ok(tokens)
    }

    /// A new token for `stakeholder`; the old one stops working.
    pub fn reissue(&mut self, stakeholder: Uuid) -> std::io::Result<String> {
        let token = new_token()?;
        if let Some(old) = self.current.insert(stakeholder, token.clone()) {
            self.revoked.push(old);
        }
        Ok(token)
    }

    /// Adds a token for a stakeholder who joined the session after the room opened.
    pub fn ensure(&mut self, stakeholder: Uuid) -> std::io::Result<()> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.current.entry(stakeholder) {
            slot.insert(new_token()?);
        }
        Ok(())
    }

    pub fn token_of(&self, stakeholder: Uuid) -> Option<&str> {
        self.current.get(&stakeholder).map(String::as_str)
    }

    /// Compares `presented` with every token in constant time (no early exit), so timing says
    /// nothing about how much of a token was right.
    pub fn lookup(&self, presented: &str) -> Lookup {
        let presented = presented.as_bytes();
        let mut found = None;
        for (id, token) in &self.current {
            if constant_time_eq::constant_time_eq(token.as_bytes(), presented) {
                found = Some(*id);
            }
        }
        let mut revoked = false;
        for token in &self.revoked {
            revoked |= constant_time_eq::constant_time_eq(token.as_bytes(), presented);
        }
        match (found, revoked) {
            (Some(id), _) => Lookup::Valid(id),
            (None, true) => Lookup::Revoked,
            (None, false) => Lookup::Unknown,
        }
    }
}

fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(format!("no random numbers: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// One stakeholder's personal link.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RoomLink {
    pub stakeholder_id: Uuid,
    pub name: String,
    pub url: String,
    /// The link's QR code, one string per row, '1' for a dark module (quiet zone not included).
    pub qr: Vec<String>,
}

/// The QR code of `text` as rows of '0' and '1'.
pub fn qr_rows(text: &str) -> Vec<String> {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M) else {
        return Vec::new();
    };
    let width = code.width();
    code.to_colors()
        .chunks(width)
        .map(|row| row.iter().map(|c| if *c == qrcode::Color::Dark { '1' } else { '0' }).collect())
        .collect()
}

/// The QR code for a terminal: two rows per line with half blocks, dark on light, with a
/// quiet zone.
pub fn qr_text(text: &str) -> String {
    let rows = qr_rows(text);
    let width = rows.first().map_or(0, |r| r.len());
    let quiet = 2;
    let dark = |y: isize, x: usize| -> bool {
        y >= 0 && (y as usize) < rows.len() && rows[y as usize].as_bytes().get(x) == Some(&b'1')
    };
    let mut out = String::new();
    let total = rows.len() as isize + 2 * quiet as isize;
    let mut y = -(quiet as isize);
    while y < total - quiet as isize {
        for x in 0..width + 2 * quiet {
            let column = x.checked_sub(quiet).filter(|&c| c < width);
            let top = column.is_some_and(|c| dark(y, c));
            let bottom = column.is_some_and(|c| dark(y + 1, c));
            // Light background: a dark module prints as a space on an inverted cell.
            out.push(match (top, bottom) {
                (false, false) => '█',
                (true, false) => '▄',
                (false, true) => '▀',
                (true, true) => ' ',
            });
        }
        out.push('\n');
        y += 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_a_reissued_one_is_revoked() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let mut tokens = Tokens::issue(&[a, b]).unwrap();
        let first = tokens.token_of(a).unwrap().to_owned();
        assert_eq!(first.len(), 2 * TOKEN_BYTES);
        assert_ne!(first, tokens.token_of(b).unwrap());
        assert_eq!(tokens.lookup(&first), Lookup::Valid(a));
        let second = tokens.reissue(a).unwrap();
        assert_eq!(tokens.lookup(&first), Lookup::Revoked);
        assert_eq!(tokens.lookup(&second), Lookup::Valid(a));
        assert_eq!(tokens.lookup(&first[..39]), Lookup::Unknown);
        assert_eq!(tokens.lookup(""), Lookup::Unknown);
    }

    #[test]
    fn qr_codes_are_square_and_print_for_a_terminal() {
        let rows = qr_rows("http://127.0.0.1:8765/s/0123456789abcdef0123456789abcdef01234567");
        assert!(rows.len() >= 21 && rows.iter().all(|r| r.len() == rows.len()));
        // The finder pattern's corner.
        assert_eq!(&rows[0][..7], "1111111");
        let text = qr_text("x");
        assert!(text.lines().count() >= 11);
    }
}
