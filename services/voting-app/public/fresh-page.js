// A page shown again from the browser's back/forward cache still carries the vote_id of a vote
// that may already be counted, and a vote sent with that id would count nothing. Such a page
// is loaded afresh, with an id of its own, before anyone can vote from it.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) window.location.reload();
});
