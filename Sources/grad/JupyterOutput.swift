import Foundation
import GradLang

/// What a cell prints, on its way to the notebook: gathered into pieces of up to 64 KB (a
/// loop of many prints would otherwise send a message a line), sent at least every 0.1 s
/// so progress shows, and always before a picture, so text and pictures keep their order.
/// A cell's text stops at `maxCharacters`, with a line saying how much was left out: a
/// notebook page does not hold megabytes of numbers.
final class JupyterOutput: @unchecked Sendable {
    static let maxCharacters = 1_000_000
    private static let flushBytes = 65_536
    private static let flushInterval: UInt64 = 100_000_000  // nanoseconds

    private let channel: JSONLineWriter
    private let lock = NSLock()
    private var pending = ""
    private var lastSent = DispatchTime.now().uptimeNanoseconds
    private var written = 0
    private var omitted = 0

    init(channel: JSONLineWriter) {
        self.channel = channel
    }

    /// A new cell: its own allowance of text.
    func startCell() {
        lock.withLock {
            written = 0
            omitted = 0
        }
    }

    @Sendable func write(_ text: String) {
        lock.withLock {
            let room = JupyterOutput.maxCharacters - written
            guard text.count <= room else {
                pending += text.prefix(max(0, room))
                written = JupyterOutput.maxCharacters
                omitted += text.count - max(0, room)
                return
            }
            pending += text
            written += text.count
            let now = DispatchTime.now().uptimeNanoseconds
            if pending.utf8.count >= JupyterOutput.flushBytes || now - lastSent >= JupyterOutput.flushInterval {
                sendPending()
            }
        }
    }

    @Sendable func show(_ picture: Picture) {
        lock.withLock {
            sendPending()
            channel.send(JupyterMessages.Picture(svg: picture.svg, text: picture.text, title: picture.title))
        }
    }

    /// Sends what is left, and says how much was cut, at the end of a cell.
    func finishCell() {
        lock.withLock {
            if omitted > 0 {
                pending += "\n[\(omitted) more characters of output not shown: a cell shows at most "
                    + "\(JupyterOutput.maxCharacters)]\n"
                omitted = 0
            }
            sendPending()
        }
    }

    private func sendPending() {
        lastSent = DispatchTime.now().uptimeNanoseconds
        guard !pending.isEmpty else { return }
        channel.send(JupyterMessages.Stream(text: pending))
        pending = ""
    }
}
