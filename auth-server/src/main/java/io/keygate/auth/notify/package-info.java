/**
 * Notifications that reach people (issue 19): mail to the approvers who can decide a request and
 * to the vendor, Slack and Teams incoming webhooks, channel health, reminders and escalation.
 * Everything is sent through the access outbox, so it is retried and survives restarts.
 */
package io.keygate.auth.notify;
