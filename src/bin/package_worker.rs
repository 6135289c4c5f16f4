//! The package worker: builds and opens packages in a Web Worker, so that the page's
//! first load carries neither the ZIP writer nor the reader. A thin shell: it receives a
//! [`Request`], calls the core (`preflight::package`) and the browser adapters that read
//! the files (`preflight::browser::{package, open}`), and posts [`Reply`]s. The page
//! starts it on first use (`preflight::browser::package_worker`).
//!
//! [`Request`]: preflight::browser::worker_messages::Request
//! [`Reply`]: preflight::browser::worker_messages::Reply

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::rc::Rc;

    use preflight::browser::worker_messages::{JobId, Reply, Request};
    use preflight::browser::{self, open, package};
    use preflight::claim::Claim;
    use preflight::i18n::{Catalog, Problem};
    use preflight::profile::Profile;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

    thread_local! {
        /// The cancel flag of each build under way.
        static BUILDS: RefCell<Vec<(JobId, Rc<Cell<bool>>)>> = const { RefCell::new(Vec::new()) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(reply: &Reply) {
        let _ = scope().post_message(&reply.to_js());
    }

    pub fn start() {
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| receive(event.data()));
        scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        post(&Reply::Ready);
    }

    fn receive(message: JsValue) {
        match Request::from_js(&message) {
            Some(Request::Build { job, claim, today, language, files }) => {
                let cancel = Rc::new(Cell::new(false));
                BUILDS.with(|builds| builds.borrow_mut().push((job, cancel.clone())));
                wasm_bindgen_futures::spawn_local(async move {
                    let reply = build(job, &claim, &today, &language, files, &cancel).await;
                    BUILDS.with(|builds| builds.borrow_mut().retain(|(id, _)| *id != job));
                    post(&reply);
                });
            }
            Some(Request::Open { job, zip }) => wasm_bindgen_futures::spawn_local(async move {
                post(&open_package(job, &zip).await);
            }),
            Some(Request::Cancel { job }) => BUILDS.with(|builds| {
                for (_, cancel) in builds.borrow().iter().filter(|(id, _)| *id == job) {
                    cancel.set(true);
                }
            }),
            // A request of another protocol: answered, so that the page does not wait.
            None => {
                if let Some(job) = js_sys::Reflect::get(&message, &JsValue::from_str("job")).ok().and_then(|job| job.as_f64()) {
                    post(&Reply::Failed { job: job as JobId, problem: Problem::new("error.worker", "") });
                }
            }
        }
    }

    async fn build(job: JobId, claim: &str, today: &str, language: &str, files: Vec<(u32, File)>, cancel: &Rc<Cell<bool>>) -> Reply {
        let failed = |problem| Reply::Failed { job, problem };
        let (Some(claim), Some(today)) = (Claim::from_json(claim), preflight::dates::parse_iso(today)) else {
            return failed(Problem::new("error.worker", ""));
        };
        // The page's review, made again from the same claim, profile and day.
        let profile = Profile::default_profile();
        let review = preflight::rules::review(&claim, &profile, today);
        let plan = match preflight::package::plan(&claim, &profile, &review, &Catalog::for_tag(language), browser::build_time()) {
            Ok(plan) => plan,
            Err(error) => return failed(error.problem()),
        };
        let files: HashMap<u32, File> = files.into_iter().collect();
        // A few updates a second are plenty for a progress bar.
        let last = Cell::new(f64::NEG_INFINITY);
        let progress = move |done, total| {
            let now = js_sys::Date::now();
            if done == total || now - last.get() >= 50.0 {
                last.set(now);
                post(&Reply::Progress { job, done, total });
            }
        };
        match package::write(&|id| files.get(&id).cloned(), &plan, progress, cancel).await {
            Ok(blob) => Reply::Built { job, blob, file_name: plan.file_name.clone(), with_blockers: !plan.manifest.ready_to_submit },
            Err(error) => failed(error.problem()),
        }
    }

    async fn open_package(job: JobId, zip: &File) -> Reply {
        match open::open(zip, &Rc::new(Cell::new(false))).await {
            Ok(open::Opened { claim, files, checks }) => match claim.to_json() {
                Some(claim) => Reply::Opened { job, claim, files, checks },
                None => Reply::Failed { job, problem: Problem::new("error.worker", "") },
            },
            Err(problem) => Reply::Failed { job, problem },
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The package worker runs in the browser: build the page with `trunk build --release` (see README.md).");
}
