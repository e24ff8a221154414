//! Independent jobs (one spec file to load, one provider file to emit) spread over the
//! machine's cores, with results in input order so that the output never depends on
//! scheduling.

use std::num::NonZero;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// Applies `job` to every item and returns the results in the items' order. Runs on up to
/// as many threads as the machine has cores (one thread, without spawning, when there is one
/// core or one item); threads take the next unclaimed item, so a few large items do not
/// leave a core idle.
pub fn map_in_order<T, R, F>(items: &[T], job: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = thread::available_parallelism()
        .map_or(1, NonZero::get)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(job).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                return done;
            };
            done.push((index, job(item)));
        }
    };
    let mut results: Vec<(usize, R)> = thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut all = worker();
        for helper in helpers {
            match helper.join() {
                Ok(done) => all.extend(done),
                // A job panicked (a generator bug): let the panic go on, as without threads.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        all
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::map_in_order;

    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u64> = (0..200).collect();
        // Uneven work so that threads finish out of order.
        let squares = map_in_order(&items, |n| {
            std::thread::sleep(std::time::Duration::from_micros((n % 3) * 200));
            n * n
        });
        let expected: Vec<u64> = items.iter().map(|n| n * n).collect();
        assert_eq!(squares, expected);
    }

    #[test]
    fn no_items_no_results() {
        let items: [u8; 0] = [];
        assert!(map_in_order(&items, |b| *b).is_empty());
    }
}
