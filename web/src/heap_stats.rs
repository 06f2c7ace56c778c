//! A diagnostic, only in a build with the `heap-stats` feature (never the page's): the page's
//! allocator behind a counter of the bytes live, so that a soak can tell memory the run really
//! keeps from memory lost to fragmentation in a linear memory that never shrinks.

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicUsize, Ordering};

use js_sys::Float64Array;
use wasm_bindgen::prelude::wasm_bindgen;

/// talc, as the page's build has it, counting what it hands out.
struct Counting(talc::wasm::WasmDynamicTalc);

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BLOCKS: AtomicUsize = AtomicUsize::new(0);
/// The most bytes live since the last [`heap_stats`]: what wasm memory had to hold.
static PEAK_BYTES: AtomicUsize = AtomicUsize::new(0);

/// The largest block asked for since the last [`heap_stats`]: a block bigger than any hole left
/// must come from new memory.
static LARGEST_BLOCK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    LARGEST_BLOCK.fetch_max(size, Ordering::Relaxed);
    let live = LIVE_BYTES.fetch_add(size, Ordering::Relaxed) + size;
    PEAK_BYTES.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call goes to talc unchanged; the counters only add and subtract sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        LIVE_BLOCKS.fetch_add(1, Ordering::Relaxed);
        unsafe { self.0.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Ordering::Relaxed);
        unsafe { self.0.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Both blocks are live while the contents move.
        grew(new_size);
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting(talc::wasm::new_wasm_dynamic_allocator());

/// `[bytes live on the heap, blocks live, the most bytes live since the last call, the largest
/// block asked for since the last call]`.
#[wasm_bindgen(js_name = heapStats)]
pub fn heap_stats() -> Float64Array {
    let live = LIVE_BYTES.load(Ordering::Relaxed);
    let stats = [
        live as f64,
        LIVE_BLOCKS.load(Ordering::Relaxed) as f64,
        PEAK_BYTES.swap(live, Ordering::Relaxed) as f64,
        LARGEST_BLOCK.swap(0, Ordering::Relaxed) as f64,
    ];
    Float64Array::from(&stats[..])
}
