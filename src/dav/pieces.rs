//! An answer's body in pieces of about 32 KiB: what the XML writer writes
//! into, and what the connection is handed, a piece at a time.
//!
//! A first sync's answer runs to megabytes. As one buffer it would be one
//! large allocation, which glibc keeps for the thread that freed it (and
//! from then on keeps any block up to that size), so that every worker
//! thread that once answered a first sync would hold its size for good;
//! and actix copies a body given whole into the connection's write buffer
//! before it sends a byte, so the answer would be held twice. In pieces no
//! allocation is large, and each piece goes out as it is.

use std::convert::Infallible;
use std::io::{self, Write};

use actix_web::body::{MessageBody, SizedStream};
use actix_web::web::Bytes;
use futures_util::stream;

/// How much is written into a piece before the next is begun.
const PIECE: usize = 32 * 1024;

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
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.current.capacity() == 0 {
            // A little over a piece: the write that fills it usually fits.
            self.current.reserve_exact(PIECE + PIECE / 8);
        }
        self.current.extend_from_slice(bytes);
        self.len += bytes.len();
        if self.current.len() >= PIECE {
            self.full
                .push(Bytes::from(std::mem::take(&mut self.current)));
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_hold_every_byte_in_order_and_no_piece_grows_large() {
        let mut pieces = Pieces::default();
        let mut written = Vec::new();
        for n in 0..10_000_u32 {
            let line = format!("line {n} {}\n", "x".repeat((n % 97) as usize));
            pieces.write_all(line.as_bytes()).expect("memory");
            written.extend_from_slice(line.as_bytes());
        }
        assert_eq!(pieces.len, written.len());
        assert!(pieces.full.len() > 10, "{} pieces", pieces.full.len());
        assert!(pieces.full.iter().all(|piece| piece.len() < PIECE + 200));
        let mut joined: Vec<u8> = pieces.full.concat();
        joined.extend_from_slice(&pieces.current);
        assert_eq!(joined, written);
    }
}
