//! Work made on every core and used in order: each chunk is made by whichever thread is
//! free, and handed on strictly in turn. No thread runs more than a few chunks ahead of what
//! was handed on, so memory stays small however slowly the output is read.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// Makes chunks `0..chunks` with `make` (on up to eight threads) and gives each to `emit`
/// in order. Stops at `emit`'s first error.
pub fn in_order<T: Send>(
    chunks: usize,
    make: &(dyn Fn(usize) -> T + Sync),
    emit: &mut dyn FnMut(T) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8);
    if threads == 1 || chunks <= 1 {
        for k in 0..chunks {
            emit(make(k))?;
        }
        return Ok(());
    }
    let ahead = threads + 1;
    // How many chunks were handed on, and whether to stop.
    let gate = (Mutex::new((0usize, false)), Condvar::new());
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel::<(usize, T)>();
        for _ in 0..threads {
            let (tx, gate, next) = (tx.clone(), &gate, &next);
            scope.spawn(move || {
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= chunks {
                        return;
                    }
                    // Wait while this chunk is too far ahead of what was handed on.
                    let Ok(mut state) = gate.0.lock() else { return };
                    while !state.1 && k >= state.0 + ahead {
                        let Ok(s) = gate.1.wait(state) else { return };
                        state = s;
                    }
                    if state.1 {
                        return;
                    }
                    drop(state);
                    if tx.send((k, make(k))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut handed = 0;
        let mut result = Ok(());
        for (k, chunk) in rx {
            waiting.insert(k, chunk);
            while result.is_ok()
                && let Some(chunk) = waiting.remove(&handed)
            {
                result = emit(chunk);
                handed += 1;
            }
            if let Ok(mut state) = gate.0.lock() {
                *state = (handed, result.is_err());
            }
            gate.1.notify_all();
            if result.is_err() {
                break;
            }
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_come_in_order_and_an_error_stops_the_rest() {
        let mut seen = Vec::new();
        let result = in_order(
            500,
            &|k| {
                // Uneven work, so threads finish out of order.
                let spin: u64 = (0..(k as u64 % 7) * 1000).sum();
                (k, spin)
            },
            &mut |(k, _)| {
                seen.push(k);
                Ok(())
            },
        );
        assert!(result.is_ok());
        assert_eq!(seen, (0..500).collect::<Vec<_>>());
        let mut count = 0;
        let stopped = in_order(500, &|k| k, &mut |k| {
            count += 1;
            if k == 10 {
                Err(std::io::Error::other("closed"))
            } else {
                Ok(())
            }
        });
        assert!(stopped.is_err());
        assert_eq!(count, 11, "nothing handed on after the error");
    }
}
