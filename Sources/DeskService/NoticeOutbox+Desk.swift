import NoticeRequests
import NotificationsContracts

extension NoticeOutbox {
    /// The desk's notices: notifications' `desk-*` templates.
    static let desk = NoticeOutbox(service: .desk, category: .desk)
}
