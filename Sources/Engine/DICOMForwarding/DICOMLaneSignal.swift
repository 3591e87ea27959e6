import Foundation

/// Wakes a destination's sending loop when instances are queued, or lets it sleep until a retry is due.
actor DICOMLaneSignal {
    private(set) var generation = 0
    private var sleepers: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextSleeper = 0

    func wake() {
        generation += 1
        let waiting = sleepers
        sleepers = [:]
        waiting.values.forEach { $0.resume() }
    }

    /// Sleeps until `wake()` or `timeout`, unless a wake happened since `seen`.
    func sleep(unlessWokenSince seen: Int, timeout: Duration) async {
        guard generation == seen else { return }
        let id = nextSleeper
        nextSleeper += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                sleepers[id] = continuation
                Task { [timeout] in
                    try? await Task.sleep(for: timeout)
                    self.endSleep(id)
                }
            }
        } onCancel: {
            Task { await self.wake() }
        }
    }

    private func endSleep(_ id: Int) {
        sleepers.removeValue(forKey: id)?.resume()
    }
}
