-- The vote schema of voting-storage 2.0. It is applied to the database named by MYSQL_DATABASE
-- (azurevote), by the MySQL image at first start and by the local launcher; applying it again
-- is harmless.
--
-- azurevote is the table of the original sample: one row per vote. Anyone may keep reading it.
-- azurevote_totals keeps the count per option, maintained by triggers on azurevote, so counting
-- costs the same at ten votes or ten million, and stays right whoever writes the votes.
-- azurevote_vote_ids (at the end) makes a retried vote count once.

CREATE TABLE IF NOT EXISTS azurevote (
  voteid INT NOT NULL AUTO_INCREMENT,
  votevalue VARCHAR(45) NOT NULL,
  PRIMARY KEY (voteid)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS azurevote_totals (
  votevalue VARCHAR(45) NOT NULL,
  votes BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (votevalue)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

DROP TRIGGER IF EXISTS azurevote_count_insert;

CREATE TRIGGER azurevote_count_insert AFTER INSERT ON azurevote FOR EACH ROW
  INSERT INTO azurevote_totals (votevalue, votes) VALUES (NEW.votevalue, 1)
  ON DUPLICATE KEY UPDATE votes = votes + 1;

DROP TRIGGER IF EXISTS azurevote_count_delete;

CREATE TRIGGER azurevote_count_delete AFTER DELETE ON azurevote FOR EACH ROW
  UPDATE azurevote_totals SET votes = votes - 1 WHERE votevalue = OLD.votevalue;

-- Rows written before the triggers existed are counted once here.
INSERT INTO azurevote_totals (votevalue, votes)
  SELECT votevalue, COUNT(*) FROM azurevote GROUP BY votevalue
  ON DUPLICATE KEY UPDATE votes = VALUES(votes);

-- azurevote_vote_ids holds the id a client gave a vote or reset (the page's vote_id field or an
-- Idempotency-Key header), inserted in the same transaction as the vote's row: a retried request
-- whose id is here was counted already and writes nothing. Ids are kept at least 24 hours; the
-- services delete older ones now and then, a bounded batch at a time (counted_at is indexed for
-- that). Votes without an id never touch this table.
CREATE TABLE IF NOT EXISTS azurevote_vote_ids (
  vote_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  counted_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (vote_id),
  KEY azurevote_vote_ids_counted_at (counted_at)
) ENGINE = InnoDB;
