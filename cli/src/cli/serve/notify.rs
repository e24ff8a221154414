//! The notifies the simulator sends: Computop's encrypted form to `URLNotify`, Adyen's
//! signed `AUTHORISATION` webhook. Each goes to `--notify-to` when given, else to the URL the
//! request named; each attempt has a timeout, attempts are bounded, redirects are not
//! followed (the notify goes to the one URL configured, never elsewhere).

use std::sync::Arc;
use std::time::Duration;

use super::super::{Failure, out};
use super::Sim;

/// Attempts per notify (the first and two retries).
const ATTEMPTS: u32 = 3;
/// Time allowed for one attempt, connection included.
const TIMEOUT: Duration = Duration::from_secs(5);
/// Wait before the first retry; doubled before the next.
const BACKOFF: Duration = Duration::from_millis(200);

/// A message to POST.
pub struct Notify {
    /// Where the request said to send it (`URLNotify`); `None` where only `--notify-to`
    /// can say (Adyen webhooks go to a URL configured at Adyen, not in the request).
    pub url: Option<String>,
    /// The body's content type.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
    /// What it is, for the log (`computop wechat notify`).
    pub what: &'static str,
}

/// The HTTP client for notifies: no redirects, a timeout per attempt.
pub fn client() -> Result<reqwest::Client, Failure> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // Straight to the URL: a proxy from the environment (HTTP_PROXY) would carry a
        // loopback notify elsewhere.
        .no_proxy()
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .build()
        .map_err(|err| Failure::unusable(format!("cannot build the notify client: {err}")))
}

/// Reads `--notify-to`: an absolute http(s) URL.
pub fn parse_target(text: &str) -> Result<reqwest::Url, Failure> {
    let url = reqwest::Url::parse(text).map_err(|err| {
        Failure::unusable(format!(
            "--notify-to {}: not a URL ({err})",
            out::one_line(text)
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Failure::unusable(format!(
            "--notify-to {}: expected an http:// or https:// URL",
            out::one_line(text)
        )));
    }
    Ok(url)
}

/// POSTs `message` to its target, retrying a bounded number of times; logs the result.
pub async fn send(sim: Arc<Sim>, message: Notify) {
    let target = match (&sim.notify_to, &message.url) {
        (Some(to), _) => to.clone(),
        (None, Some(url)) => match reqwest::Url::parse(url) {
            Ok(url) => url,
            Err(err) => {
                sim.log(format!("{}: not sent, URL unusable ({err})", message.what));
                return;
            }
        },
        (None, None) => {
            sim.log(format!("{}: not sent (no --notify-to)", message.what));
            return;
        }
    };
    let mut wait = BACKOFF;
    let mut last = String::new();
    for attempt in 1..=ATTEMPTS {
        let result = sim
            .client
            .post(target.clone())
            .header(reqwest::header::CONTENT_TYPE, message.content_type)
            .body(message.body.clone())
            .send()
            .await;
        match result {
            Ok(response) if response.status().is_success() => {
                sim.log(format!(
                    "{} to {target}: delivered (HTTP {}, attempt {attempt})",
                    message.what,
                    response.status().as_u16()
                ));
                return;
            }
            Ok(response) => last = format!("HTTP {}", response.status().as_u16()),
            Err(err) => last = err.to_string(),
        }
        if attempt < ATTEMPTS {
            tokio::time::sleep(wait).await;
            wait = wait.saturating_mul(2);
        }
    }
    sim.log(format!(
        "{} to {target}: not delivered after {ATTEMPTS} attempts ({last})",
        message.what
    ));
}
