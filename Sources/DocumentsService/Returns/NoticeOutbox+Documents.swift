import NoticeRequests
import NotificationsContracts

extension NoticeOutbox {
    /// Document exchange's notices to the authorities: notifications' `documents-*` templates.
    static let documents = NoticeOutbox(service: .documents, category: .documentsNotices)
}
