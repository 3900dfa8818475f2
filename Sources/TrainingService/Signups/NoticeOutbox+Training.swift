import NoticeRequests
import NotificationsContracts

extension NoticeOutbox {
    /// The training scheduler's notices: notifications' `training-*` templates, with the iCalendar invitation or
    /// cancellation as a `text/calendar` part.
    static let training = NoticeOutbox(service: .training, category: .training)
}
