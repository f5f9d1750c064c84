//! An answer's body in pieces of 32 KiB: what the XML writer writes into,
//! and what the connection is handed, a piece at a time.
//!
//! A first sync's answer runs to megabytes. As one buffer it would be one
//! large allocation: glibc hands a block that large back to the system
//! when it is freed, but then raises the size below which it keeps freed
//! blocks, so that every blocking thread that later answers a first sync
//! keeps that much in its arena for good. And actix copies a body given
//! whole into the connection's write buffer before it sends a byte, so
//! the answer would be held twice. In pieces no allocation is large, and
//! each piece goes out as it is. See `docs/performance.md`.

use std::convert::Infallible;
use std::io::{self, Write};

use actix_web::body::{MessageBody, SizedStream};
use actix_web::web::Bytes;
use futures_util::stream;

/// How much a piece holds.
const PIECE: usize = 32 * 1024;
/// The first piece's first room: most answers (an idle sync, a PROPFIND)
/// are a few hundred bytes.
const FIRST_ROOM: usize = 1024;

/// A body being written: the full pieces, and the one being filled.
#[derive(Default)]
pub struct Pieces {
    full: Vec<Bytes>,
    current: Vec<u8>,
    len: usize,
}

impl Pieces {
    /// The body for a response, its length said up front (no chunked
    /// encoding), sent a piece at a time.
    pub fn into_body(mut self) -> impl MessageBody + 'static {
        if !self.current.is_empty() {
            self.full.push(Bytes::from(self.current));
        }
        let pieces = self.full.into_iter().map(Ok::<_, Infallible>);
        SizedStream::new(self.len as u64, stream::iter(pieces))
    }
}

impl Write for Pieces {
    /// Takes what fits in the current piece (`write_all` comes back with
    /// the rest), so that no piece outgrows [`PIECE`], however long one
    /// text is.
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let taken = bytes.len().min(PIECE - self.current.len());
        let needed = self.current.len() + taken;
        if self.current.capacity() < needed {
            // The first piece grows by doubling from a small room; once an
            // answer has filled one, the next are given a whole piece.
            let room = if self.full.is_empty() {
                needed
                    .max(2 * self.current.capacity())
                    .clamp(FIRST_ROOM, PIECE)
            } else {
                PIECE
            };
            self.current.reserve_exact(room - self.current.len());
        }
        self.current.extend_from_slice(&bytes[..taken]);
        self.len += taken;
        if self.current.len() == PIECE {
            self.full
                .push(Bytes::from(std::mem::take(&mut self.current)));
        }
        Ok(taken)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything written, in order, as the pieces hold it.
    fn joined(pieces: &Pieces) -> Vec<u8> {
        let mut all: Vec<u8> = pieces.full.concat();
        all.extend_from_slice(&pieces.current);
        all
    }

    #[test]
    fn pieces_hold_every_byte_in_order_and_none_outgrows_a_piece() {
        let mut pieces = Pieces::default();
        let mut written = Vec::new();
        for n in 0..10_000_u32 {
            // Short lines, and now and then a text longer than two pieces
            // (an object's notes can be as long as a megabyte).
            let long = if n % 1_000 == 999 { 3 * PIECE } else { 0 };
            let line = format!("line {n} {}\n", "x".repeat((n % 97) as usize + long));
            pieces.write_all(line.as_bytes()).expect("memory");
            written.extend_from_slice(line.as_bytes());
        }
        assert_eq!(pieces.len, written.len());
        assert_eq!(joined(&pieces), written);
        assert!(pieces.full.len() > 10, "{} pieces", pieces.full.len());
        assert!(pieces.full.iter().all(|piece| piece.len() == PIECE));
        assert!(pieces.current.capacity() <= PIECE);
    }

    #[test]
    fn a_short_answer_keeps_a_short_buffer() {
        let mut pieces = Pieces::default();
        pieces.write_all(&[b'a'; 300]).expect("memory");
        assert!(pieces.full.is_empty());
        assert_eq!(pieces.current.capacity(), FIRST_ROOM);
        assert_eq!(joined(&pieces), vec![b'a'; 300]);
    }
}
